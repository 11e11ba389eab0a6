use super::*;

fn line(text: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
    text.chars()
        .enumerate()
        .map(|(i, ch)| Glyph {
            x: x + i as f32 * size,
            y,
            width: size,
            size,
            ch,
        })
        .collect()
}

#[test]
fn two_columns_are_read_left_column_first() {
    let mut glyphs = line("关于加强管理的通知", 200.0, 100.0, 16.0);
    for i in 0..30 {
        let y = 140.0 + i as f32 * 18.0;
        glyphs.extend(line("左栏正文内容左栏正文内容", 50.0, y, 12.0));
        glyphs.extend(line("右栏正文内容右栏正文内容", 320.0, y, 12.0));
    }
    glyphs.extend(line("— 3 —", 280.0, 800.0, 10.0));
    glyphs.extend(line("禾阳省人民政府公报　2020年第3期", 50.0, 40.0, 10.0));
    let page = layout(glyphs, 595.0, 842.0);
    assert!(page.two_columns);
    assert_eq!(page.lines[0].text, "关于加强管理的通知");
    assert!(page.lines[1..31].iter().all(|l| l.text.starts_with('左')));
    assert!(page.lines[31..].iter().all(|l| l.text.starts_with('右')));
    assert_eq!(page.furniture.len(), 2, "{:?}", page.furniture);
}

/// Latin glyphs half an em wide.
fn latin(text: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
    text.chars()
        .enumerate()
        .map(|(i, ch)| Glyph {
            x: x + i as f32 * size * 0.5,
            y,
            width: size * 0.5,
            size,
            ch,
        })
        .collect()
}

/// A two-column body page: 30 lines in each column, drawn column by column, the left line
/// at `overflow` replaced by `url`, which runs on over the gutter into the right column.
fn two_column_page(overflow: Option<(usize, &str)>) -> Vec<Glyph> {
    let y = |i: usize| 140.0 + i as f32 * 18.0;
    let mut glyphs = Vec::new();
    for i in 0..30 {
        match overflow {
            Some((row, url)) if row == i => glyphs.extend(latin(url, 50.0, y(i), 12.0)),
            _ => glyphs.extend(line("急聘公告专栏内发布用工需求信息", 50.0, y(i), 12.0)),
        }
    }
    for i in 0..30 {
        glyphs.extend(line("申请享受一次性就业创业服务补助", 320.0, y(i), 12.0));
    }
    glyphs
}

#[test]
fn a_line_overflowing_its_column_stays_in_it() {
    let url = "（http://fuwu.rsj.beijing.gov.cn/jycy/jycs/index.html）";
    let glyphs = two_column_page(Some((10, url)));
    // The URL ends beyond the start of the right column's line on its baseline.
    assert!(glyphs.iter().any(|g| g.x > 330.0 && g.ch == 'h'));
    let page = layout(glyphs, 595.0, 842.0);
    assert!(page.two_columns);
    assert_eq!(page.lines.len(), 60);
    assert_eq!(page.lines[10].text, url);
    assert_eq!(page.lines[9].text, "急聘公告专栏内发布用工需求信息");
    assert!(page.lines[30..]
        .iter()
        .all(|l| l.text == "申请享受一次性就业创业服务补助"));
}

#[test]
fn a_page_with_a_short_column_is_read_with_the_shared_gutter() {
    let full = two_column_page(None);
    let own = page_columns(&full, 595.0, 842.0).expect("a full page has two columns");
    let mut short = line("第二十三条　违反本条例第十六条第三", 50.0, 140.0, 12.0);
    short.extend(line("第二十四条　本条例", 344.0, 140.0, 12.0));
    short.extend(line("款规定，在保护区内采集野生水仙", 50.0, 158.0, 12.0));
    short.extend(line("施行。", 320.0, 158.0, 12.0));
    short.extend(line("花的，由保护区管理机构责令改正。", 50.0, 176.0, 12.0));
    // One column's few lines are not evidence enough of a gutter on their own.
    assert_eq!(page_columns(&short, 595.0, 842.0), None);
    assert!(!layout(short.clone(), 595.0, 842.0).two_columns);
    let shared = shared_columns(&[None, Some(own), Some(own), Some(own), None])
        .expect("three of five pages agree");
    assert!((shared.gutter - own.gutter).abs() < 0.01 && shared.right == 320.0);
    assert!(fits_columns(&short, 842.0, shared));
    let page = layout_columns(short, 842.0, Some(shared.gutter));
    let texts: Vec<&str> = page.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "第二十三条　违反本条例第十六条第三",
            "款规定，在保护区内采集野生水仙",
            "花的，由保护区管理机构责令改正。",
            "第二十四条　本条例",
            "施行。"
        ]
    );
    // A 目录 leaves the gutter free too, but its page numbers sit at the right edge.
    let mut toc = Vec::new();
    for (i, (title, page)) in [
        ("企业事业单位内部治安保卫条例", "3"),
        ("青岛市森林防火条例", "7"),
        ("河南省公共安全技术防范管理条例", "12"),
    ]
    .into_iter()
    .enumerate()
    {
        let y = 140.0 + i as f32 * 18.0;
        toc.extend(line(title, 62.0, y, 12.0));
        toc.extend(latin(page, 545.0 - page.len() as f32 * 6.0, y, 12.0));
    }
    assert!(!fits_columns(&toc, 842.0, shared));
}

#[test]
fn page_numbers_and_headers_are_furniture() {
    assert!(is_furniture("— 12 —", false));
    assert!(is_furniture("澜江市人民政府公报　2020年第4期", true));
    assert!(!is_furniture("第一条 为了加强管理", true));
}
