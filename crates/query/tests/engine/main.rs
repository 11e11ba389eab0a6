//! Searches on a fixture index built from documents written for these tests.

mod authority;
mod cite;
mod docparts;
mod facet;
mod filter;
mod generations;
mod page;
mod query;
mod snippet;
mod util;
