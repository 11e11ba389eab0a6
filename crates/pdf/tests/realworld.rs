//! Real-world CJK PDFs from ../shared/pdf/realworld (pdf.js test files and a GovDoc-CN notice):
//! each gives its known text through the decoder we expect, or a per-file reason.

use std::path::PathBuf;

use gongbao_pdf::{extract_pages, fallback, page_text, Method};

/// `$GONGBAO_SHARED`, else `../shared` beside the repository; missing fails under `CI=true`.
fn shared_dir() -> Option<PathBuf> {
    let candidate = std::env::var_os("GONGBAO_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    if candidate.join("pdf/realworld").is_dir() {
        return Some(candidate);
    }
    assert!(
        std::env::var("CI").map_or(true, |value| value != "true"),
        "shared test data not found at {} (set GONGBAO_SHARED)",
        candidate.display()
    );
    eprintln!(
        "SKIPPED: shared test data not found at {}; set GONGBAO_SHARED",
        candidate.display()
    );
    None
}

/// File, the method its page is read with, and phrases its text must contain.
const EXPECTED: [(&str, Method, &[&str]); 10] = [
    // Non-embedded 黑体,Bold, predefined CMap GBK-EUC-H, no ToUnicode (pdf-extract panics).
    (
        "issue2128r.pdf",
        Method::CmapGbk,
        &["浅谈校长的魅力", "山西省闻喜县诚镇初中", "李新录"],
    ),
    // The 黑体 family as CID Type 0 with GBKp-EUC-H (pdf-extract panics).
    ("issue3521.pdf", Method::CmapGbk, &["我们都是黑体字"]),
    // AdobeHeitiStd-Regular with UniGB-UTF16-H (pdf-extract panics).
    ("issue8372.pdf", Method::CmapUtf16, &["目录"]),
    // 宋体 and 仿宋_GB2312 declared WinAnsi, strings are GBK bytes.
    (
        "XiaoBiaoSong.pdf",
        Method::SimpleGbk,
        &[
            "目录",
            "关于红军作战的原则",
            "（一九三七年八月一日）",
            "对国防问题的意见",
            "关于在山西开展游击战争的意见",
        ],
    ),
    // 黑体 declared WinAnsi with GBK bytes, and a Type 3 font drawing "A".
    (
        "SimFang-variant.pdf",
        Method::SimpleGbk,
        &["全世界无产者，联合起来"],
    ),
    // Identity-H with ToUnicode and a font of unknown type: pdf-extract panics ("should be CID
    // dict"), our reader reads it with the fonts' own maps.
    (
        "issue12823.pdf",
        Method::ContentReader,
        &["愿景", "描述团队的共同目标", "知识库简介", "⭐重点关注"],
    ),
    (
        "issue19360.pdf",
        Method::PdfExtract,
        &["坚持社会主义核心价值体系", "增强文化自觉和文化自信"],
    ),
    (
        "GovDoc-CN-397.pdf",
        Method::PdfExtract,
        &[
            "关于加强个人所得税纳税信用建设的通知",
            "发改办财金规〔2019〕860",
        ],
    ),
    (
        "issue16063.pdf",
        Method::PdfExtract,
        &["電線接続端子部が次のいずれにも該当しないとき"],
    ),
    // Japanese: embedded HiraMinProN CID Type 0C, Identity-H, no ToUnicode. Its CIDs are
    // Adobe-Japan1 and mapping them needs Adobe's CID-to-Unicode table, which we do not carry:
    // only pdftotext (poppler-data) reads it.
    ("issue16538.pdf", Method::Pdftotext, &["マーケットモデルは"]),
];

#[test]
fn every_real_world_file_gives_its_text_through_the_expected_decoder() {
    let Some(shared) = shared_dir() else {
        return;
    };
    let folder = shared.join("pdf/realworld");
    let mut present: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".pdf"))
        .collect();
    present.sort();
    let mut expected: Vec<String> = EXPECTED
        .iter()
        .map(|(name, ..)| (*name).to_owned())
        .collect();
    expected.sort();
    assert_eq!(
        present, expected,
        "every real-world file has an expectation"
    );
    for (name, method, phrases) in EXPECTED {
        let bytes = std::fs::read(folder.join(name)).unwrap();
        let pages = extract_pages(&bytes).unwrap_or_else(|error| panic!("{name}: {error}"));
        if method == Method::Pdftotext && !fallback::available() {
            // Without poppler the page is not read, and says why.
            assert!(
                pages.iter().all(|page| page.problem.is_some()),
                "{name}: {pages:?}"
            );
            continue;
        }
        for page in &pages {
            assert_eq!(page.method, method, "{name}, page {}", page.number);
            assert_eq!(page.problem, None, "{name}, page {}", page.number);
        }
        let text: String = pages
            .iter()
            .map(|page| page_text(&page.layout))
            .collect::<String>()
            .chars()
            .filter(|ch| !ch.is_whitespace())
            .collect();
        for phrase in phrases {
            assert!(text.contains(phrase), "{name}: {phrase} not in {text}");
        }
    }
}
