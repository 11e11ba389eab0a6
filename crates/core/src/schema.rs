//! The tantivy schema for [`Document`]: the only place field names are written.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::analyzer::{GRAMS, WORDS};
use crate::error::{Error, Result};

/// Version of the schema and of the analyzers. Bump it whenever either changes: an index written
/// by another version is refused when it is opened.
pub const SCHEMA_VERSION: u32 = 10;

/// Field names, for messages and for tools that read an index directly.
pub mod names {
    /// Stable document id.
    pub const ID: &str = "id";
    /// Title, jieba words.
    pub const TITLE: &str = "title";
    /// Title, character bigrams.
    pub const TITLE_GRAMS: &str = "title_grams";
    /// Title as one exact-match key.
    pub const TITLE_KEY: &str = "title_key";
    /// Body, jieba words.
    pub const BODY: &str = "body";
    /// Body, character bigrams.
    pub const BODY_GRAMS: &str = "body_grams";
    /// Document-number keys.
    pub const DOC_NUMBER: &str = "doc_number";
    /// The issuing code (机关代字) of the document number: 鲁政办发.
    pub const DOC_ORG: &str = "doc_org";
    /// The year of the document number.
    pub const DOC_YEAR: &str = "doc_year";
    /// The serial number of the document number.
    pub const DOC_SERIAL: &str = "doc_serial";
    /// Issuing bodies.
    pub const ISSUER: &str = "issuer";
    /// Document type.
    pub const DOC_TYPE: &str = "doc_type";
    /// 效力级别, the legal force.
    pub const LEVEL: &str = "level";
    /// Responsible departments, a facet.
    pub const DEPARTMENT: &str = "department";
    /// Policy areas, a hierarchical facet.
    pub const POLICY_AREA: &str = "policy_area";
    /// Validity label.
    pub const VALIDITY: &str = "validity";
    /// The documents a document repeals, amends or interprets, by key
    /// ([`crate::Relation::terms`]).
    pub const RELATION: &str = "relation";
    /// The keys a document is named by in relations ([`crate::lifecycle::relation_keys`] of its
    /// title).
    pub const LIFECYCLE_KEY: &str = "lifecycle_key";
    /// A hash of the title key and first issuer: the documents that may be versions of one
    /// another share it ([`crate::lifecycle::version_key`]), a column.
    pub const VERSION_KEY: &str = "version_key";
    /// Written date.
    pub const WRITTEN: &str = "written";
    /// Published date.
    pub const PUBLISHED: &str = "published";
    /// In-force date.
    pub const EFFECTIVE: &str = "effective";
    /// The last day in force the text gives ([`crate::Document::expires`]).
    pub const EXPIRES: &str = "expires";
    /// The day a stated validity applies from ([`crate::lifecycle::stated_since`]).
    pub const STATED_SINCE: &str = "stated_since";
    /// Whether the document is normative ([`crate::lifecycle::is_normative`]: in force unless
    /// something says otherwise, even undated), a column.
    pub const NORMATIVE: &str = "normative";
    /// Year the document is filed under.
    pub const YEAR: &str = "year";
    /// Source path relative to the ingested root.
    pub const SOURCE_PATH: &str = "source_path";
    /// The document's metadata as JSON, for display, in a column (the body is stored in
    /// [`BODY`]).
    pub const STORED: &str = "stored";
    /// The metadata of a document whose JSON is too long for the [`STORED`] column, in the doc
    /// store.
    pub const STORED_LONG: &str = "stored_long";
    /// The body's headings and articles ([`crate::Structure`]) as JSON, in the doc store.
    pub const STRUCTURE: &str = "structure";
    /// Each article's number and its range of bigram positions in [`BODY_GRAMS`], packed
    /// ([`crate::structure::ArticleSpans`]), in a column: what article search scores by.
    pub const ARTICLE_SPANS: &str = "article_spans";
}

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Stable id: indexed as one term (for replacement), fast (for cheap id loading).
    pub id: Field,
    /// Title as jieba words.
    pub title: Field,
    /// Title as bigrams.
    pub title_grams: Field,
    /// Title as one key ([`crate::analyzer::title_keys`]: the whole title's, and the first
    /// part's of a title of parts), for exact title matches and named laws.
    pub title_key: Field,
    /// Body as jieba words, and the stored body text.
    pub body: Field,
    /// Body as bigrams.
    pub body_grams: Field,
    /// Document-number keys ([`crate::DocNumber::key`]).
    pub doc_number: Field,
    /// The document number's issuing code ([`crate::DocNumber::code`]), one term.
    pub doc_org: Field,
    /// The document number's year, indexed and fast (numbers are listed in order).
    pub doc_year: Field,
    /// The document number's serial, indexed and fast.
    pub doc_serial: Field,
    /// Issuing bodies, one term each, fast for counting.
    pub issuer: Field,
    /// Document type, fast for counting.
    pub doc_type: Field,
    /// 效力级别, fast for counting.
    pub level: Field,
    /// Responsible departments, a facet.
    pub department: Field,
    /// Policy areas, a hierarchical facet.
    pub policy_area: Field,
    /// Validity label, fast for counting.
    pub validity: Field,
    /// The keys of the documents a document acts on (repeals, amends, interprets), one term per
    /// key of each target, to find what acts on a document.
    pub relation: Field,
    /// The keys relations name the document by.
    pub lifecycle_key: Field,
    /// The chain of versions the document may belong to, a column.
    pub version_key: Field,
    /// Written date, day precision.
    pub written: Field,
    /// Published date, day precision.
    pub published: Field,
    /// In-force date, day precision.
    pub effective: Field,
    /// Last day in force, day precision.
    pub expires: Field,
    /// The day the stated validity applies from, day precision.
    pub stated_since: Field,
    /// Whether the document is normative, a column.
    pub normative: Field,
    /// Year the document is filed under.
    pub year: Field,
    /// Source path, to find the documents of one source file.
    pub source_path: Field,
    /// The [`crate::Document`] without its body, as JSON in a bytes column: a hit's metadata is
    /// read without decompressing its body; the body is stored in `body`.
    pub stored: Field,
    /// The metadata JSON when it is longer than [`METADATA_COLUMN_LIMIT`], in the doc store.
    pub stored_long: Field,
    /// The body's [`crate::Structure`] as JSON, in the doc store, for documents that have one.
    pub structure: Field,
    /// Articles' numbers and bigram position ranges, packed, in a bytes column.
    pub article_spans: Field,
}

/// Longest metadata JSON, in bytes, kept in the `stored` column: the column's writer cuts values
/// at 65,535 bytes. Longer metadata (a title pasted with a whole text, say) goes to the doc store.
pub const METADATA_COLUMN_LIMIT: usize = 65_000;

fn text_options(tokenizer: &str) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    TextOptions::default().set_indexing_options(indexing)
}

/// The body's words: frequencies for BM25 but no positions (phrases and proximity use the
/// bigram field, which has them), which makes indexing a quarter faster; and the stored text.
fn body_options() -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(WORDS)
        .set_index_option(IndexRecordOption::WithFreqs);
    TextOptions::default()
        .set_indexing_options(indexing)
        .set_stored()
}

fn keyword_options() -> TextOptions {
    STRING.set_fast("raw")
}

fn number_options() -> NumericOptions {
    NumericOptions::default().set_indexed().set_fast()
}

fn date_options() -> DateOptions {
    DateOptions::default()
        .set_indexed()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds)
}

/// Builds the schema and its field handles.
pub fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fields = Fields {
        id: builder.add_text_field(names::ID, keyword_options()),
        title: builder.add_text_field(names::TITLE, text_options(WORDS)),
        title_grams: builder.add_text_field(names::TITLE_GRAMS, text_options(GRAMS)),
        title_key: builder.add_text_field(names::TITLE_KEY, STRING),
        body: builder.add_text_field(names::BODY, body_options()),
        body_grams: builder.add_text_field(names::BODY_GRAMS, text_options(GRAMS)),
        doc_number: builder.add_text_field(names::DOC_NUMBER, STRING),
        doc_org: builder.add_text_field(names::DOC_ORG, STRING),
        doc_year: builder.add_u64_field(names::DOC_YEAR, number_options()),
        doc_serial: builder.add_u64_field(names::DOC_SERIAL, number_options()),
        issuer: builder.add_text_field(names::ISSUER, keyword_options()),
        doc_type: builder.add_text_field(names::DOC_TYPE, keyword_options()),
        level: builder.add_text_field(names::LEVEL, keyword_options()),
        department: builder.add_facet_field(names::DEPARTMENT, FacetOptions::default()),
        policy_area: builder.add_facet_field(names::POLICY_AREA, FacetOptions::default()),
        validity: builder.add_text_field(names::VALIDITY, keyword_options()),
        relation: builder.add_text_field(names::RELATION, STRING),
        lifecycle_key: builder.add_text_field(names::LIFECYCLE_KEY, STRING),
        version_key: builder.add_u64_field(names::VERSION_KEY, FAST),
        written: builder.add_date_field(names::WRITTEN, date_options()),
        published: builder.add_date_field(names::PUBLISHED, date_options()),
        effective: builder.add_date_field(names::EFFECTIVE, date_options()),
        expires: builder.add_date_field(names::EXPIRES, date_options()),
        stated_since: builder.add_date_field(names::STATED_SINCE, date_options()),
        normative: builder.add_bool_field(names::NORMATIVE, FAST),
        year: builder.add_u64_field(names::YEAR, number_options()),
        source_path: builder.add_text_field(names::SOURCE_PATH, STRING),
        stored: builder.add_bytes_field(names::STORED, FAST),
        stored_long: builder.add_text_field(names::STORED_LONG, STORED),
        structure: builder.add_text_field(names::STRUCTURE, STORED),
        article_spans: builder.add_bytes_field(names::ARTICLE_SPANS, FAST),
    };
    (builder.build(), fields)
}

impl Fields {
    /// Finds every field in a schema read from an index, or says which one is missing.
    pub fn from_schema(schema: &Schema) -> Result<Fields> {
        let field = |name: &'static str| {
            schema
                .get_field(name)
                .map_err(|_| Error::MissingField { name })
        };
        Ok(Fields {
            id: field(names::ID)?,
            title: field(names::TITLE)?,
            title_grams: field(names::TITLE_GRAMS)?,
            title_key: field(names::TITLE_KEY)?,
            body: field(names::BODY)?,
            body_grams: field(names::BODY_GRAMS)?,
            doc_number: field(names::DOC_NUMBER)?,
            doc_org: field(names::DOC_ORG)?,
            doc_year: field(names::DOC_YEAR)?,
            doc_serial: field(names::DOC_SERIAL)?,
            issuer: field(names::ISSUER)?,
            doc_type: field(names::DOC_TYPE)?,
            level: field(names::LEVEL)?,
            department: field(names::DEPARTMENT)?,
            policy_area: field(names::POLICY_AREA)?,
            validity: field(names::VALIDITY)?,
            relation: field(names::RELATION)?,
            lifecycle_key: field(names::LIFECYCLE_KEY)?,
            version_key: field(names::VERSION_KEY)?,
            written: field(names::WRITTEN)?,
            published: field(names::PUBLISHED)?,
            effective: field(names::EFFECTIVE)?,
            expires: field(names::EXPIRES)?,
            stated_since: field(names::STATED_SINCE)?,
            normative: field(names::NORMATIVE)?,
            year: field(names::YEAR)?,
            source_path: field(names::SOURCE_PATH)?,
            stored: field(names::STORED)?,
            stored_long: field(names::STORED_LONG)?,
            structure: field(names::STRUCTURE)?,
            article_spans: field(names::ARTICLE_SPANS)?,
        })
    }
}
