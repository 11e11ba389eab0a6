//! The child process of the `pdf_isolated` fuzz target: `extract_child FILE` prints the pages
//! of FILE as `gongbao extract-pdf` does.

fn main() -> std::io::Result<()> {
    // Panics are caught and reported per page; the default hook would only add noise.
    std::panic::set_hook(Box::new(|_| {}));
    let path = std::env::args_os().nth(1).expect("usage: extract_child FILE");
    gongbao_pdf::child_main(std::path::Path::new(&path))
}
