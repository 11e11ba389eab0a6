//! Markdown and plain-text sources: one document per file.

use gongbao_core::{Document, Source, Structure, Validity};

use crate::recognise::{level, lifecycle, recognise, recognise_law_header, Recognised};

/// The marker that ends the header block of a law file.
const INFO_END: &str = "<!-- INFO END -->";

/// Builds the document held by the text of one Markdown or plain-text file.
///
/// A file that opens with `# ` headings takes its title from them (several headings, as in
/// `# 中华人民共和国民法典` / `# 总则`, are joined with a space). When an `<!-- INFO END -->`
/// line follows, the lines before it are a law header (dates, issuing body) and the rest is
/// the body; otherwise the metadata is recognised from the whole text.
pub fn parse_text_document(id: &str, relative_path: &str, text: &str) -> Document {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (headings, rest) = leading_headings(text);
    let title = (!headings.is_empty()).then(|| headings.join(" "));
    let (mut recognised, body, law_layout) = match rest.split_once(INFO_END) {
        Some((header, body)) => (
            recognise_law_header(title.as_deref().unwrap_or_default(), header),
            body,
            true,
        ),
        None => (recognise(title.as_deref(), rest), rest, false),
    };
    let (body, heading_lines) = strip_heading_marks(body);
    let title = title
        .or_else(|| recognised.title.clone())
        .unwrap_or_else(|| {
            relative_path
                .rsplit('/')
                .next()
                .and_then(|name| name.rsplit_once('.').map(|(stem, _)| stem))
                .unwrap_or(relative_path)
                .to_owned()
        });
    if let Some(named) = date_in_file_name(relative_path) {
        let dates = &mut recognised.dates;
        let later = dates.published.is_none_or(|published| named > published)
            && dates.written.is_none_or(|written| named >= written);
        if later {
            dates.published = Some(named);
        }
    }
    let mut document = document_from(id, title, body, recognised, relative_path);
    // A file in the law layout or with Markdown headings marks its headings; a plain text does
    // not, and its numbered heading lines are recognised.
    let marked = (law_layout || !heading_lines.is_empty()).then_some(heading_lines.as_slice());
    document.structure = Structure::recognise(&document.body, marked);
    document
}

/// The date a file's name ends with, in brackets: `某某条例(2020-05-14).md`, the way law
/// collections give the day a version was published and tell the versions of one law apart.
/// It is the publication date unless the text states a later one or was adopted after it (a
/// law's header often gives the first promulgation, years before this version).
fn date_in_file_name(relative_path: &str) -> Option<time::Date> {
    let name = relative_path.rsplit('/').next()?;
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let inner = stem.strip_suffix([')', '）'])?.rsplit_once(['(', '（'])?.1;
    gongbao_core::date::parse_iso_date(inner)
}

/// Fills a document from recognised metadata.
pub(crate) fn document_from(
    id: &str,
    title: String,
    body: String,
    recognised: Recognised,
    relative_path: &str,
) -> Document {
    let (relations, expires) = lifecycle(&title, &body, &recognised.dates);
    let level = level(
        &title,
        recognised.doc_type.as_deref(),
        &recognised.issuers,
        &recognised.approved_by,
        recognised.doc_number.as_deref(),
    )
    .map(str::to_owned);
    Document {
        id: id.to_owned(),
        title,
        doc_number: recognised.doc_number,
        issuers: recognised.issuers,
        doc_type: recognised.doc_type,
        level,
        policy_areas: recognised.policy_areas,
        departments: recognised.departments,
        dates: recognised.dates,
        validity: recognised.validity.unwrap_or(Validity::Unknown),
        expires,
        relations,
        source: Source {
            path: relative_path.to_owned(),
            ..Source::default()
        },
        body,
        structure: Structure::default(),
        extra: Default::default(),
    }
}

/// The `# ` headings that open a text (blank lines between them allowed), and the text after.
fn leading_headings(text: &str) -> (Vec<String>, &str) {
    let mut headings = Vec::new();
    let mut rest = text;
    loop {
        let (line, after) = match rest.split_once('\n') {
            Some((line, after)) => (line, after),
            None => (rest, ""),
        };
        let trimmed = line.trim();
        if trimmed.is_empty() && !rest.is_empty() {
            rest = after;
            continue;
        }
        match trimmed.strip_prefix("# ") {
            Some(heading) if !heading.trim().is_empty() => {
                headings.push(heading.trim().to_owned());
                rest = after;
            }
            _ => return (headings, rest),
        }
    }
}

/// The body without Markdown heading marks (`## 第一章 总则` → `第一章 总则`) or outer blank lines,
/// and the byte offsets in it of the lines that were headings.
fn strip_heading_marks(body: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(body.len());
    let mut headings = Vec::new();
    for line in body.trim().lines() {
        let trimmed = line.trim_start();
        let line = if trimmed.starts_with('#') {
            headings.push(out.len());
            trimmed.trim_start_matches('#').trim_start()
        } else {
            line
        };
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    (out, headings)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAW: &str = "# 某市养犬管理条例\n\n2019年6月20日 某市第十五届人民代表大会常务委员会第十三次会议通过\n\n2019年9月1日 施行\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为了规范养犬行为，制定本条例。\n";

    #[test]
    fn law_layout_gives_title_header_and_body() {
        let document = parse_text_document("法规/养犬.md", "法规/养犬.md", LAW);
        assert_eq!(document.title, "某市养犬管理条例");
        assert_eq!(
            document.body,
            "第一章 总则\n\n第一条 为了规范养犬行为，制定本条例。"
        );
        assert_eq!(document.source.path, "法规/养犬.md");
        assert_eq!(document.doc_type.as_deref(), Some("条例"));
        assert_eq!(
            document
                .dates
                .effective
                .map(gongbao_core::date::format_date),
            Some("2019-09-01".to_owned())
        );
    }

    #[test]
    fn a_date_in_brackets_ending_the_file_name_dates_an_undated_text() {
        let undated =
            "# 滨海市河道管理条例\n\n<!-- INFO END -->\n\n第一条 为了加强河道管理，制定本条例。\n";
        let document =
            parse_text_document("a", "地方性法规/滨海市河道管理条例(2007-10-10).md", undated);
        assert_eq!(
            document.dates.published,
            gongbao_core::date::parse_iso_date("2007-10-10")
        );
        let dated = "# 滨海市河道管理条例\n\n2024年11月28日 滨海市人民代表大会常务委员会第十七次会议修订\n\n<!-- INFO END -->\n\n第一条 为了加强河道管理，制定本条例。\n";
        let document = parse_text_document("a", "滨海市河道管理条例(2007-10-10).md", dated);
        assert_eq!(document.dates.published, None);
        assert_eq!(
            document.dates.written,
            gongbao_core::date::parse_iso_date("2024-11-28")
        );
        let document = parse_text_document("a", "滨海市河道管理条例(2024-12-02).md", dated);
        assert_eq!(
            document.dates.published,
            gongbao_core::date::parse_iso_date("2024-12-02")
        );
        assert_eq!(date_in_file_name("通知(第二版).md"), None);
        assert_eq!(
            date_in_file_name("通知（2020-02-03）.txt"),
            gongbao_core::date::parse_iso_date("2020-02-03")
        );
    }

    #[test]
    fn several_headings_make_one_title() {
        let text = "# 中华人民共和国某某法典\n\n# 总则\n\n2020年5月28日 第十三届全国人民代表大会第三次会议通过\n\n<!-- INFO END -->\n第一条 内容。";
        let document = parse_text_document("a.md", "a.md", text);
        assert_eq!(document.title, "中华人民共和国某某法典 总则");
        assert_eq!(document.body, "第一条 内容。");
    }

    #[test]
    fn plain_text_without_heading_recognises_its_title() {
        let text = "某市人民政府办公室文件\n\n某政办发〔2018〕7号\n\n某市人民政府办公室关于做好防汛工作的通知\n\n各县区人民政府：\n\n现就做好防汛工作通知如下。\n\n某市人民政府办公室\n\n2018年5月2日\n";
        let document = parse_text_document("n.txt", "n.txt", text);
        assert_eq!(document.title, "某市人民政府办公室关于做好防汛工作的通知");
        assert_eq!(document.doc_number.as_deref(), Some("某政办发〔2018〕7号"));
        assert_eq!(document.doc_type.as_deref(), Some("通知"));
    }

    #[test]
    fn a_file_without_recognisable_title_is_named_after_itself() {
        let document = parse_text_document("x/备忘.txt", "x/备忘.txt", "？？");
        assert_eq!(document.title, "备忘");
    }
}
