//! The issuing-body authority file: one record per body, with its current name, its aliases and
//! its former names (with the date each ended), so that 环境保护部, 环保部 and 生态环境部 are
//! counted and filtered as one body.
//!
//! The file (`dict/authority.tsv`, compiled in as the default) has one record a line, four
//! tab-separated columns, `#` comments:
//!
//! ```text
//! 国家<TAB>生态环境部<TAB><TAB>环境保护部@2018-03、国家环境保护总局@2008-03
//! 地方<TAB>发展和改革委员会<TAB>发展改革委、发改委<TAB>发展计划委员会@2003
//! ```
//!
//! The scope (国家: the name is matched whole; 地方: after a place prefix ending in 省, 市, 县,
//! 区, 州, 盟 or 旗, which is kept: 东莞市发改委 is 东莞市发展和改革委员会), the current name,
//! aliases separated by 、, and former names, each `NAME@END` with the year, month or day it
//! ended (YYYY, YYYY-MM or YYYY-MM-DD). A malformed line is reported with its file and line and
//! skipped; the rest loads.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::lines::{content_lines, LineProblem};

/// The authority file shipped with gongbao.
const BUILT_IN: &str = include_str!("../../../dict/authority.tsv");
/// How the built-in file is named in problems.
pub const BUILT_IN_NAME: &str = "built-in authority.tsv";

/// Characters a place prefix of a local body's name ends with.
const PLACE_ENDINGS: [char; 7] = ['省', '市', '县', '区', '州', '盟', '旗'];

/// Which name of a body an issuer is written under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameKind {
    /// The current name.
    Current,
    /// A short or other form of the current name (发改委).
    Alias,
    /// A name the body had before a rename or merge (环境保护局).
    Former,
}

/// A former name and when it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormerName {
    /// The name.
    pub name: String,
    /// When it ended: YYYY, YYYY-MM or YYYY-MM-DD.
    pub until: String,
}

/// One issuing body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// Whether the names are matched after a place prefix (a municipal bureau) rather than whole
    /// (a ministry).
    pub local: bool,
    /// The current name.
    pub current: String,
    /// Other forms of the current name.
    pub aliases: Vec<String>,
    /// Earlier names, oldest last as the file lists them.
    pub former: Vec<FormerName>,
}

/// An issuer read through the authority file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The body's current name, with the issuer's place prefix (东莞市生态环境局).
    pub name: String,
    /// Which of the body's names the issuer is.
    pub kind: NameKind,
}

/// The loaded authority file.
#[derive(Debug, Clone, Default)]
pub struct Authority {
    bodies: Vec<Body>,
    /// National names → (body, kind).
    national: HashMap<String, (usize, NameKind)>,
    /// Local names without their place → (body, kind).
    local: HashMap<String, (usize, NameKind)>,
    problems: Vec<LineProblem>,
    fingerprint: u64,
}

impl Authority {
    /// The file shipped with gongbao.
    pub fn built_in() -> Authority {
        Authority::parse(BUILT_IN, BUILT_IN_NAME)
    }

    /// Reads the text of an authority file; `file` names it in problems.
    pub fn parse(text: &str, file: &str) -> Authority {
        let mut authority = Authority::default();
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for (line, content) in content_lines(text) {
            let problem = match record(content) {
                Ok(body) => authority.add(body).err(),
                Err(reason) => Some(reason),
            };
            match problem {
                Some(reason) => authority.problems.push(LineProblem {
                    file: file.to_owned(),
                    line,
                    reason,
                }),
                None => content.hash(&mut hasher),
            }
        }
        authority.fingerprint = hasher.finish();
        authority
    }

    /// Adds a body, unless one of its names already belongs to another.
    fn add(&mut self, body: Body) -> Result<(), String> {
        let names = body.names();
        let map = if body.local {
            &self.local
        } else {
            &self.national
        };
        for (name, _) in &names {
            if let Some(&(other, _)) = map.get(*name) {
                return Err(format!(
                    "`{name}` is already a name of {}",
                    self.bodies[other].current
                ));
            }
        }
        let at = self.bodies.len();
        let entries: Vec<(String, (usize, NameKind))> = names
            .iter()
            .map(|(name, kind)| ((*name).to_owned(), (at, *kind)))
            .collect();
        let map = if body.local {
            &mut self.local
        } else {
            &mut self.national
        };
        map.extend(entries);
        self.bodies.push(body);
        Ok(())
    }

    /// The bodies, in file order.
    pub fn bodies(&self) -> &[Body] {
        &self.bodies
    }

    /// The lines skipped as malformed.
    pub fn problems(&self) -> &[LineProblem] {
        &self.problems
    }

    /// A hash of the records loaded: equal for files that read alike.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The body `issuer` names, if the file knows it: a national name whole, else a local name
    /// after the shortest place prefix that leaves a known name (东莞市 + 发改委).
    pub fn resolve(&self, issuer: &str) -> Option<Resolved> {
        let issuer = issuer.trim();
        if let Some(&(body, kind)) = self.national.get(issuer) {
            return Some(Resolved {
                name: self.bodies[body].current.clone(),
                kind,
            });
        }
        let splits = std::iter::once(0).chain(
            issuer
                .char_indices()
                .filter(|(_, c)| PLACE_ENDINGS.contains(c))
                .map(|(at, c)| at + c.len_utf8()),
        );
        for at in splits {
            let (place, rest) = issuer.split_at(at);
            if let Some(&(body, kind)) = self.local.get(rest) {
                return Some(Resolved {
                    name: format!("{place}{}", self.bodies[body].current),
                    kind,
                });
            }
        }
        None
    }
}

impl Body {
    /// Every name of the body with its kind.
    fn names(&self) -> Vec<(&str, NameKind)> {
        std::iter::once((self.current.as_str(), NameKind::Current))
            .chain(
                self.aliases
                    .iter()
                    .map(|name| (name.as_str(), NameKind::Alias)),
            )
            .chain(
                self.former
                    .iter()
                    .map(|former| (former.name.as_str(), NameKind::Former)),
            )
            .collect()
    }
}

/// One line: scope, current name, aliases, former names.
fn record(line: &str) -> Result<Body, String> {
    let columns: Vec<&str> = line.split('\t').map(str::trim).collect();
    if columns.len() < 2 || columns.len() > 4 {
        return Err(format!(
            "{} columns; a record is SCOPE<TAB>CURRENT NAME<TAB>ALIASES<TAB>FORMER NAMES",
            columns.len()
        ));
    }
    let local = match columns[0] {
        "国家" | "national" => false,
        "地方" | "local" => true,
        other => return Err(format!("scope `{other}` is neither 国家 nor 地方")),
    };
    let current = name(columns[1])?.ok_or("the current name is empty")?;
    let aliases = list(columns.get(2).copied())
        .into_iter()
        .map(|alias| name(alias).map(Option::unwrap_or_default))
        .collect::<Result<Vec<String>, String>>()?;
    let former = list(columns.get(3).copied())
        .into_iter()
        .map(former_name)
        .collect::<Result<Vec<FormerName>, String>>()?;
    Ok(Body {
        local,
        current,
        aliases,
        former,
    })
}

/// The names of a column, separated by 、.
fn list(column: Option<&str>) -> Vec<&str> {
    column
        .map(|text| {
            text.split('、')
                .map(str::trim)
                .filter(|part| !part.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// A name: no spaces inside.
fn name(text: &str) -> Result<Option<String>, String> {
    if text.chars().any(char::is_whitespace) {
        return Err(format!("`{text}` holds a space; separate names with 、"));
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// `NAME@YYYY[-MM[-DD]]`.
fn former_name(text: &str) -> Result<FormerName, String> {
    let (name_part, until) = text
        .split_once('@')
        .ok_or_else(|| format!("former name `{text}` has no end date (NAME@YYYY-MM-DD)"))?;
    let name = name(name_part)?.ok_or_else(|| format!("`{text}` has no name"))?;
    let parts: Vec<&str> = until.split('-').collect();
    let widths_ok = parts.len() <= 3
        && parts[0].len() == 4
        && parts[1..].iter().all(|part| part.len() == 2)
        && parts
            .iter()
            .all(|part| part.bytes().all(|byte| byte.is_ascii_digit()));
    let month_ok = parts
        .get(1)
        .is_none_or(|month| (1..=12).contains(&month.parse::<u8>().unwrap_or(0)));
    let day_ok = parts
        .get(2)
        .is_none_or(|day| (1..=31).contains(&day.parse::<u8>().unwrap_or(0)));
    if !(widths_ok && month_ok && day_ok) {
        return Err(format!(
            "`{until}` is not an end date written YYYY, YYYY-MM or YYYY-MM-DD"
        ));
    }
    Ok(FormerName {
        name,
        until: until.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(authority: &Authority, issuer: &str) -> Option<(String, NameKind)> {
        authority
            .resolve(issuer)
            .map(|resolved| (resolved.name, resolved.kind))
    }

    #[test]
    fn national_names_are_matched_whole() {
        let authority = Authority::built_in();
        assert_eq!(
            resolved(&authority, "环境保护部"),
            Some(("生态环境部".into(), NameKind::Former))
        );
        assert_eq!(
            resolved(&authority, "生态环境部"),
            Some(("生态环境部".into(), NameKind::Current))
        );
        assert_eq!(resolved(&authority, "某省环境保护部"), None);
    }

    #[test]
    fn local_names_keep_their_place() {
        let authority = Authority::built_in();
        assert_eq!(
            resolved(&authority, "东莞市发改委"),
            Some(("东莞市发展和改革委员会".into(), NameKind::Alias))
        );
        assert_eq!(
            resolved(&authority, "东莞市环境保护局"),
            Some(("东莞市生态环境局".into(), NameKind::Former))
        );
        assert_eq!(
            resolved(&authority, "东莞市市场监督管理局"),
            Some(("东莞市市场监督管理局".into(), NameKind::Current))
        );
        assert_eq!(
            resolved(&authority, "广州市越秀区卫生和计划生育局"),
            Some(("广州市越秀区卫生健康局".into(), NameKind::Former))
        );
        assert_eq!(
            resolved(&authority, "市发展改革委"),
            Some(("市发展和改革委员会".into(), NameKind::Alias))
        );
        assert_eq!(resolved(&authority, "东莞市人民政府"), None);
    }

    #[test]
    fn the_built_in_file_has_no_problems() {
        let authority = Authority::built_in();
        assert!(
            authority.problems().is_empty(),
            "{:?}",
            authority.problems()
        );
        assert!(authority.bodies().len() > 40);
    }

    #[test]
    fn malformed_lines_are_reported_with_file_and_line_and_skipped() {
        let text = "# scope\tcurrent\taliases\tformer\n\
            国家\t生态环境部\t环保部\t环境保护部@2018-03-19\n\
            省级\t自然资源部\n\
            国家\t应急管理部\t\t国家安全生产监督管理总局\n\
            国家\t自然资源部\t\t国土资源部@2018-13\n\
            国家\t卫生健康委\t环保部\n\
            地方\t生态环境局\t环保局\t环境保护局@2018\n\
            国家\n\
            地方\t自然资源局\t\t国土资源局@2018\n";
        let authority = Authority::parse(text, "/srv/index/authority.tsv");
        let lines: Vec<usize> = authority
            .problems()
            .iter()
            .map(|problem| problem.line)
            .collect();
        assert_eq!(lines, [3, 4, 5, 6, 8]);
        let first = authority.problems()[0].to_string();
        assert!(
            first.starts_with("/srv/index/authority.tsv:3: scope `省级`"),
            "{first}"
        );
        assert_eq!(authority.bodies().len(), 3);
        assert_eq!(
            resolved(&authority, "区环境保护局"),
            Some(("区生态环境局".into(), NameKind::Former))
        );
        assert_eq!(resolved(&authority, "国家安全生产监督管理总局"), None);
    }

    #[test]
    fn equal_records_give_equal_fingerprints() {
        let one = Authority::parse("国家\t生态环境部\t环保部\n", "a");
        let commented = Authority::parse("# c\n国家\t生态环境部\t环保部\n", "b");
        let other = Authority::parse("国家\t生态环境部\n", "c");
        assert_eq!(one.fingerprint(), commented.fingerprint());
        assert_ne!(one.fingerprint(), other.fingerprint());
    }
}
