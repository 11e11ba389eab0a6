//! Searches on a fixture index built from documents written for these tests.

mod authority;
mod cite;
mod docparts;
mod facet;
mod filter;
mod generations;
mod laws;
mod page;
mod query;
mod snippet;
mod util;
