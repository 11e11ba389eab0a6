//! The lifecycle on a document page: the status with its cause, the version timeline, and the
//! documents that repeal, amend or interpret it and that it repeals, amends or interprets.

use gongbao_core::Validity;
use gongbao_query::{Lifecycle, Related, Status, Version};
use maud::{html, Markup};

use super::{format, url};

/// The status and why: `已废止 · 由《X》废止` with X linked, or the reason in words.
pub(crate) fn status(status: &Status) -> Markup {
    html! {
        (format::badge(status.validity))
        (reason(status))
    }
}

/// Why, without the badge: since when, and the causing document linked or the reason in words.
pub(crate) fn reason(status: &Status) -> Markup {
    html! {
        span.reason {
            @if let Some(since) = status.since {
                " 自" (format::time(since)) " · "
            } @else {
                " · "
            }
            @match &status.by {
                Some(by) => {
                    @let (before, after) = cause_words(status);
                    (before) "《"
                    a href=(url::document(&by.id)) { (by.title) }
                    "》" (after)
                }
                None => (status.reason),
            }
        }
    }
}

/// The words around the causing document's title: 由《X》废止, 已由新版本《X》取代, 由《X》修改.
fn cause_words(status: &Status) -> (&'static str, &'static str) {
    match status.validity {
        Validity::Repealed => ("由", "废止"),
        Validity::Amended if status.reason.starts_with("已由") => ("已由新版本", "取代"),
        Validity::Amended => ("由", "修改"),
        _ => ("依据", ""),
    }
}

/// The versions, oldest first, this one marked; nothing when it has no other version.
fn versions(current: &str, versions: &[Version]) -> Markup {
    if versions.len() < 2 {
        return html! {};
    }
    html! {
        section.versions aria-labelledby="versions" {
            h2 #versions { "版本沿革（" (versions.len()) "个版本）" }
            ol.timeline {
                @for version in versions {
                    li.current[version.id == current] {
                        @match version.published {
                            Some(date) => (format::time(date)),
                            None => span.undated { "日期不详" },
                        }
                        " "
                        @if version.id == current {
                            strong { (version.title) } " （本版本）"
                        } @else {
                            a href=(url::document(&version.id)) { (version.title) }
                        }
                        " "
                        (format::badge(version.validity))
                    }
                }
            }
        }
    }
}

/// One list of related documents, each with the sentence that relates it; a document not in
/// the index is named as the sentence names it.
fn related(title: &str, id: &str, list: &[Related]) -> Markup {
    if list.is_empty() {
        return html! {};
    }
    html! {
        section.refs aria-labelledby=(id) {
            h2 id=(id) { (title) }
            ul {
                @for related in list {
                    li {
                        @let name = related.title.as_deref().or(related.doc_number.as_deref()).unwrap_or("（未命名文件）");
                        @match &related.id {
                            Some(id) => a href=(url::document(id)) { (name) },
                            None => span.unresolved title="本库中没有这份文件" { (name) },
                        }
                        @if let Some(number) = &related.doc_number {
                            " " span.docnum { (number) }
                        }
                        @if let Some(sentence) = &related.sentence {
                            blockquote.sentence { (sentence) }
                        }
                    }
                }
            }
        }
    }
}

/// Everything of the lifecycle a page shows below the text: 解读 first (a citizen reading a
/// policy wants its interpretation), then versions, repeals and amendments.
pub(crate) fn sections(current: &str, lifecycle: &Lifecycle) -> Markup {
    let relations = &lifecycle.relations;
    html! {
        (related("政策解读", "interpreted-by", &relations.interpreted_by))
        (related("所解读的文件", "interprets", &relations.interprets))
        (versions(current, &lifecycle.versions))
        (related("废止本文的文件", "repealed-by", &relations.repealed_by))
        (related("修改本文的文件", "amended-by", &relations.amended_by))
        (related("本文废止的文件", "repeals", &relations.repeals))
        (related("本文修改的文件", "amends", &relations.amends))
    }
}
