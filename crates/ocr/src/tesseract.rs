//! Running `tesseract` on one block image and reading its TSV: words with boxes and
//! confidences, grouped into lines.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use crate::error::OcrError;
use crate::process;

/// How long tesseract may take on one block.
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// One recognised word, in pixels of the image given to tesseract.
#[derive(Debug, Clone, PartialEq)]
pub struct TsvWord {
    /// Left edge.
    pub left: i32,
    /// Top edge.
    pub top: i32,
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
    /// Tesseract's confidence, 0–100.
    pub confidence: f32,
    /// The text.
    pub text: String,
}

/// One recognised line: its box and its words, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct TsvLine {
    /// Left edge.
    pub left: i32,
    /// Top edge.
    pub top: i32,
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
    /// The words.
    pub words: Vec<TsvWord>,
}

/// Parses tesseract's TSV output (level, page, block, paragraph, line, word, box, conf, text).
pub fn parse_tsv(tsv: &str) -> Result<Vec<TsvLine>, OcrError> {
    let mut lines: Vec<TsvLine> = Vec::new();
    for (index, row) in tsv.lines().enumerate() {
        if index == 0 && row.starts_with("level") || row.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = row.splitn(12, '\t').collect();
        let bad = || OcrError::BadTsv {
            row: index + 1,
            text: row.to_owned(),
        };
        if fields.len() < 11 {
            return Err(bad());
        }
        let number = |at: usize| fields[at].trim().parse::<i32>().map_err(|_| bad());
        let (left, top, width, height) = (number(6)?, number(7)?, number(8)?, number(9)?);
        match number(0)? {
            4 => lines.push(TsvLine {
                left,
                top,
                width,
                height,
                words: Vec::new(),
            }),
            5 => {
                let text = fields.get(11).copied().unwrap_or("").trim();
                let confidence = fields[10].trim().parse::<f32>().map_err(|_| bad())?;
                if text.is_empty() {
                    continue;
                }
                let line = lines.last_mut().ok_or_else(bad)?;
                line.words.push(TsvWord {
                    left,
                    top,
                    width,
                    height,
                    confidence,
                    text: text.to_owned(),
                });
            }
            _ => {}
        }
    }
    lines.retain(|line| !line.words.is_empty());
    Ok(lines)
}

/// Recognises the PGM `image` (given on stdin) as one block of text (`--psm 6`) in simplified Chinese, one
/// thread per process (the caller runs pages in parallel).
pub fn recognise(program: &Path, image: &[u8], languages: &str) -> Result<Vec<TsvLine>, OcrError> {
    let mut command = Command::new(program);
    command
        .args(["stdin", "-", "-l", languages, "--psm", "6", "tsv"])
        .env("OMP_THREAD_LIMIT", "1");
    let output = process::run(command, program, image, TIME_LIMIT)?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().rev().find(|line| !line.trim().is_empty());
        return Err(OcrError::Tesseract {
            status: output.status,
            message: last.unwrap_or("no message").trim().to_owned(),
        });
    }
    parse_tsv(&String::from_utf8_lossy(&output.stdout))
}

/// The installed tesseract's version line, part of every cache key.
pub fn version(program: &Path) -> Result<String, OcrError> {
    let output = Command::new(program)
        .arg("--version")
        .output()
        .map_err(|error| OcrError::Missing {
            program: program.to_owned(),
            source: Arc::new(error),
        })?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    text.lines()
        .find(|line| line.starts_with("tesseract"))
        .map(|line| line.trim().to_owned())
        .ok_or_else(|| OcrError::NoVersion {
            program: program.to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t1240\t1754\t-1\t
4\t1\t1\t1\t1\t0\t488\t110\t166\t17\t-1\t
5\t1\t1\t1\t1\t1\t488\t110\t22\t17\t44.463577\t澜
5\t1\t1\t1\t1\t2\t513\t110\t90\t17\t92.324188\t江市
4\t1\t3\t1\t1\t0\t136\t141\t998\t1\t-1\t
5\t1\t3\t1\t1\t1\t136\t141\t998\t1\t95.000000\t 
";

    #[test]
    fn tsv_words_are_grouped_into_lines() {
        let lines = parse_tsv(TSV).unwrap();
        assert_eq!(lines.len(), 1, "the rule's empty word makes no line");
        assert_eq!(lines[0].words.len(), 2);
        assert_eq!(lines[0].words[1].text, "江市");
        assert_eq!((lines[0].left, lines[0].height), (488, 17));
        assert!(parse_tsv("5\t1\tx").is_err());
    }

    #[test]
    fn a_missing_program_is_reported_as_missing() {
        let missing = Path::new("/nonexistent/tesseract");
        assert!(matches!(version(missing), Err(OcrError::Missing { .. })));
        let error = recognise(missing, b"P5 1 1 255 x", "chi_sim").unwrap_err();
        assert!(
            error.to_string().contains("/nonexistent/tesseract"),
            "{error}"
        );
    }
}
