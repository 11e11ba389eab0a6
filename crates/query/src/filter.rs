//! Filters: restrictions on metadata that every hit must satisfy, as MUST clauses that do not
//! change scores.

use std::borrow::Cow;
use std::ops::Bound;
use std::sync::Arc;

use gongbao_core::docnum::code_term;
use gongbao_core::{
    date_time, department_facet, policy_area_facet, DocNumber, Document, Fields, Validity,
};
use serde::{Deserialize, Serialize};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::error::{Error, Result};
use crate::lifecycle::{StatusQuery, StatusTable};
use crate::request::DateRange;

/// Restrictions on metadata. Every set restriction must hold; within a list (validity), any
/// value may.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Filters {
    /// A responsible department, exactly as indexed (市发展改革委).
    pub department: Option<String>,
    /// A policy-area path, top level first; a category includes all its children.
    pub policy_area: Vec<String>,
    /// A document type (通知, 办法 …).
    pub doc_type: Option<String>,
    /// A 效力级别 (法律, 地方性法规, 规范性文件 …).
    pub level: Option<String>,
    /// An issuing body.
    pub issuer: Option<String>,
    /// Accepted validities; empty accepts all.
    pub validity: Vec<Validity>,
    /// Only documents in force (现行有效 or 已修改).
    pub current_only: bool,
    /// Written (成文) date range.
    pub written: DateRange,
    /// Published (发布) date range.
    pub published: DateRange,
    /// In-force (施行) date range.
    pub effective: DateRange,
    /// The year a document is filed under (written, else published, else in force).
    pub year: Option<i32>,
    /// The issuing code (机关代字) of the document number: 鲁政办发 finds 鲁政办发〔2017〕39号.
    pub doc_org: Option<String>,
    /// The year of the document number (2017 in 鲁政办发〔2017〕39号).
    pub doc_year: Option<i32>,
    /// The serial of the document number (39 in 鲁政办发〔2017〕39号).
    pub doc_serial: Option<u32>,
}

impl Filters {
    /// Whether no restriction is set.
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }

    /// Checks that the filters make sense, naming the first parameter that does not.
    pub fn validate(&self) -> Result<()> {
        let ranges = [
            ("filters.written", &self.written),
            ("filters.published", &self.published),
            ("filters.effective", &self.effective),
        ];
        for (parameter, range) in ranges {
            if let (Some(from), Some(to)) = (range.from, range.to) {
                if from > to {
                    return Err(Error::invalid(
                        parameter,
                        format!("range starts ({from}) after it ends ({to})"),
                    ));
                }
            }
        }
        if let Some(year) = self.year {
            if !(0..=9999).contains(&year) {
                return Err(Error::invalid(
                    "filters.year",
                    format!("{year} is not a year between 0 and 9999"),
                ));
            }
        }
        if let Some(year) = self.doc_year {
            if !(0..=9999).contains(&year) {
                return Err(Error::invalid(
                    "filters.doc_year",
                    format!("{year} is not a year between 0 and 9999"),
                ));
            }
        }
        if self
            .doc_org
            .as_deref()
            .is_some_and(|code| code.trim().is_empty())
        {
            return Err(Error::invalid(
                "filters.doc_org",
                "an issuing code cannot be blank",
            ));
        }
        if self.policy_area.iter().any(|part| part.trim().is_empty()) {
            return Err(Error::invalid(
                "filters.policy_area",
                "a policy-area path has an empty part",
            ));
        }
        Ok(())
    }

    /// The filters as queries, each to be a MUST clause, the issuer filter matching any of
    /// `issuers` (its own value when empty). Scores are not changed.
    fn queries(
        &self,
        fields: &Fields,
        issuers: &[String],
        statuses: Option<&Arc<StatusTable>>,
    ) -> Vec<Box<dyn Query>> {
        let mut queries: Vec<Box<dyn Query>> = Vec::new();
        if let Some(department) = &self.department {
            let facet = department_facet(department);
            queries.push(term(Term::from_facet(fields.department, &facet)));
        }
        if !self.policy_area.is_empty() {
            // Facet terms are indexed with their ancestors: a category term finds its children.
            let facet = policy_area_facet(&self.policy_area);
            queries.push(term(Term::from_facet(fields.policy_area, &facet)));
        }
        if let Some(doc_type) = &self.doc_type {
            queries.push(term(Term::from_field_text(fields.doc_type, doc_type)));
        }
        if let Some(level) = &self.level {
            queries.push(term(Term::from_field_text(fields.level, level)));
        }
        if let Some(issuer) = &self.issuer {
            let names = match issuers {
                [] => std::slice::from_ref(issuer),
                names => names,
            };
            let clauses = names
                .iter()
                .map(|name| {
                    (
                        Occur::Should,
                        term(Term::from_field_text(fields.issuer, name)),
                    )
                })
                .collect();
            queries.push(Box::new(BooleanQuery::new(clauses)));
        }
        let by_status = |accepted: &[Validity]| match statuses {
            Some(table) => {
                Box::new(StatusQuery::new(Arc::clone(table), accepted)) as Box<dyn Query>
            }
            None => any_validity(fields, accepted),
        };
        if !self.validity.is_empty() {
            queries.push(by_status(&self.validity));
        }
        if self.current_only {
            let current: Vec<Validity> = Validity::ALL
                .into_iter()
                .filter(|validity| validity.is_current())
                .collect();
            queries.push(by_status(&current));
        }
        let ranges = [
            (fields.written, &self.written),
            (fields.published, &self.published),
            (fields.effective, &self.effective),
        ];
        for (field, range) in ranges {
            if !range.is_open() {
                queries.push(date_range(field, range));
            }
        }
        if let Some(year) = self.year {
            let year = u64::try_from(year).unwrap_or(0);
            queries.push(term(Term::from_field_u64(fields.year, year)));
        }
        if let Some(code) = &self.doc_org {
            queries.push(term(Term::from_field_text(
                fields.doc_org,
                &code_term(code),
            )));
        }
        if let Some(year) = self.doc_year {
            let year = u64::try_from(year).unwrap_or(0);
            queries.push(term(Term::from_field_u64(fields.doc_year, year)));
        }
        if let Some(serial) = self.doc_serial {
            let serial = u64::from(serial);
            queries.push(term(Term::from_field_u64(fields.doc_serial, serial)));
        }
        queries
            .into_iter()
            .map(|query| Box::new(ConstScoreQuery::new(query, 0.0)) as Box<dyn Query>)
            .collect()
    }

    /// The decision the index makes for these filters, made on a document in memory (an issuer
    /// as given: the engine also finds the other names the authority file gives its body; the
    /// validity and `current` filters read the stated validity, where a search reads the
    /// status computed for its day, which is the stated one whenever one is stated).
    pub fn matches(&self, document: &Document) -> bool {
        let department = self
            .department
            .as_ref()
            .is_none_or(|wanted| document.departments.contains(wanted));
        let area = self.policy_area.is_empty()
            || document
                .policy_areas
                .iter()
                .any(|path| path.starts_with(&self.policy_area));
        let doc_type = self
            .doc_type
            .as_ref()
            .is_none_or(|wanted| document.doc_type.as_ref() == Some(wanted));
        let level = self
            .level
            .as_ref()
            .is_none_or(|wanted| document.level.as_ref() == Some(wanted));
        let issuer = self
            .issuer
            .as_ref()
            .is_none_or(|wanted| document.issuers.contains(wanted));
        let validity = self.validity.is_empty() || self.validity.contains(&document.validity);
        let current = !self.current_only || document.validity.is_current();
        let dates = self.written.contains(document.dates.written)
            && self.published.contains(document.dates.published)
            && self.effective.contains(document.dates.effective);
        let year = self
            .year
            .is_none_or(|year| document.dates.year() == Some(year));
        let number = document.doc_number.as_deref().and_then(DocNumber::parse);
        let number = number.as_ref();
        let doc_org = self.doc_org.as_ref().is_none_or(|code| {
            number.is_some_and(|number| code_term(&number.code) == code_term(code))
        });
        let doc_year = self
            .doc_year
            .is_none_or(|year| number.and_then(|number| number.year).map(i32::from) == Some(year));
        let doc_serial = self
            .doc_serial
            .is_none_or(|serial| number.is_some_and(|number| number.serial == serial));
        department
            && area
            && doc_type
            && level
            && issuer
            && validity
            && current
            && dates
            && year
            && doc_org
            && doc_year
            && doc_serial
    }
}

/// Filters as a search applies them: a partial document number typed in the box narrows them,
/// and the issuer stands for every name of its body in the authority file.
pub(crate) struct Resolved<'a> {
    /// The filters.
    pub filters: Cow<'a, Filters>,
    /// The issuer terms of the index the issuer filter matches (empty: its value alone).
    pub issuers: Vec<String>,
    /// Every document's status on the day asked, which the validity and `current` filters
    /// read; without it they read the stated status.
    pub statuses: Option<Arc<StatusTable>>,
}

impl Resolved<'_> {
    /// The filters as queries, each to be a MUST clause. Scores are not changed.
    pub(crate) fn queries(&self, fields: &Fields) -> Vec<Box<dyn Query>> {
        self.filters
            .queries(fields, &self.issuers, self.statuses.as_ref())
    }
}

fn term(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

fn any_validity(fields: &Fields, accepted: &[Validity]) -> Box<dyn Query> {
    let clauses = accepted
        .iter()
        .map(|validity| {
            let label = Term::from_field_text(fields.validity, validity.label());
            (Occur::Should, term(label))
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

fn date_range(field: Field, range: &DateRange) -> Box<dyn Query> {
    let bound = |date: Option<time::Date>| match date {
        Some(date) => Bound::Included(Term::from_field_date(field, date_time(date))),
        None => Bound::Unbounded,
    };
    Box::new(RangeQuery::new(bound(range.from), bound(range.to)))
}
