//! Prints how a page image is cut into blocks: `cargo run -p gongbao-ocr --example blocks --
//! page.pgm [dpi]` (render one with `pdftoppm -gray -r 300 -f N -l N file.pdf > page.pgm`).

use gongbao_ocr::blocks::{blocks, find_gutter, wipe_rules};
use gongbao_ocr::deskew::deskew;
use gongbao_ocr::gray::Gray;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: blocks PAGE.pgm [DPI]")?;
    let dpi: u32 = args.next().map_or(Ok(300), |dpi| dpi.parse())?;
    let image = Gray::from_pgm(&std::fs::read(path)?)?;
    let threshold = image.otsu();
    let (mut straight, skew) = deskew(&image, threshold);
    let wiped = wipe_rules(&mut straight, threshold, dpi);
    let ink = straight.ink(threshold);
    println!(
        "{}×{} threshold {threshold} skew {skew}° wiped {wiped} px gutter {:?}",
        image.width,
        image.height,
        find_gutter(&ink, straight.width, straight.height)
    );
    let (blocks, gutter) = blocks(&ink, straight.width, straight.height);
    println!("gutter middle: {gutter:?}");
    for block in blocks {
        println!("{block:?}");
    }
    Ok(())
}
