//! The fonts of a page as our content reader sees them: how a string's bytes are cut into codes,
//! what each code says, and how far it advances.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Encoding, Object};

use crate::cmap::{is_gbk_font_name, CodeDecoder};

/// Which of our decoders read a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decoding {
    /// A predefined GBK / GB 18030 EUC CMap (`GBK-EUC-H`, `GBKp-EUC-H`, `GBK2K-H`, `GB-EUC-H`).
    CmapGbk,
    /// A predefined Unicode CMap (`UniGB-UCS2-H`, `UniGB-UTF16-H`, …).
    CmapUtf16,
    /// GBK bytes behind a simple font declared WinAnsi (or without encoding).
    SimpleGbk,
    /// The font's own ToUnicode map or simple encoding.
    FontMap,
}

/// How a font's codes become text.
enum Decode<'a> {
    Cmap(CodeDecoder),
    SimpleGbk,
    /// Always `Encoding::UnicodeMapEncoding` (whose map type lopdf does not export).
    ToUnicode {
        map: Encoding<'a>,
        bytes: usize,
    },
    Simple(Encoding<'a>),
    Unmapped {
        bytes: usize,
    },
}

/// Advance widths in glyph units (thousandths of the font size).
enum Widths {
    Simple {
        first: i64,
        widths: Vec<f32>,
        missing: f32,
    },
    Cid {
        default: f32,
        widths: HashMap<u32, f32>,
    },
}

/// One font of a page.
pub struct Font<'a> {
    decode: Decode<'a>,
    widths: Widths,
    /// Glyph units to text space, 0.001 except for Type 3 fonts.
    scale: f32,
}

/// One drawn code: its characters, its advance in text-space units per unit of font size, and
/// whether it was the one-byte code 32 (word spacing applies).
pub struct Drawn {
    /// The characters, possibly none.
    pub text: String,
    /// Advance, as a fraction of the font size.
    pub advance: f32,
    /// Whether word spacing applies.
    pub space: bool,
    /// PDF codes the characters took (character spacing applies to each): the bytes of a GBK
    /// character in a simple font, one otherwise.
    pub codes: usize,
}

impl<'a> Font<'a> {
    /// Reads a font dictionary.
    pub fn new(dict: &'a Dictionary, doc: &'a Document) -> Font<'a> {
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let to_unicode = dict
            .get_deref(b"ToUnicode", doc)
            .and_then(Object::as_stream)
            .is_ok();
        if subtype == b"Type0" {
            let descendant = dict
                .get_deref(b"DescendantFonts", doc)
                .and_then(Object::as_array)
                .ok()
                .and_then(|array| array.first())
                .and_then(|first| doc.dereference(first).ok())
                .and_then(|(_, object)| object.as_dict().ok());
            let widths = cid_widths(descendant, doc);
            let encoding = dict.get_deref(b"Encoding", doc).and_then(Object::as_name);
            let decode = match encoding.ok().and_then(CodeDecoder::for_cmap) {
                Some(decoder) => Decode::Cmap(decoder),
                // Only asked when it can succeed: lopdf logs a warning for every failure.
                None if to_unicode => match dict.get_font_encoding(doc) {
                    Ok(Encoding::UnicodeMapEncoding(map)) => Decode::ToUnicode {
                        map: Encoding::UnicodeMapEncoding(map),
                        bytes: 2,
                    },
                    _ => Decode::Unmapped { bytes: 2 },
                },
                None => Decode::Unmapped { bytes: 2 },
            };
            return Font {
                decode,
                widths,
                scale: 0.001,
            };
        }
        let widths = simple_widths(dict, doc);
        let scale = dict
            .get_deref(b"FontMatrix", doc)
            .and_then(Object::as_array)
            .ok()
            .and_then(|matrix| matrix.first())
            .and_then(|first| first.as_float().ok())
            .filter(|scale| scale.is_finite() && *scale > 0.0)
            .unwrap_or(0.001);
        let decode = if is_gbk_simple(dict, doc, to_unicode) {
            Decode::SimpleGbk
        } else if to_unicode {
            // lopdf reads ToUnicode only when there is no /Encoding.
            let mut bare = dict.clone();
            bare.remove(b"Encoding");
            match bare.get_font_encoding(doc) {
                Ok(Encoding::UnicodeMapEncoding(map)) => Decode::ToUnicode {
                    map: Encoding::UnicodeMapEncoding(map),
                    bytes: 1,
                },
                _ => simple_encoding(dict, doc),
            }
        } else {
            simple_encoding(dict, doc)
        };
        Font {
            decode,
            widths,
            scale,
        }
    }

    /// Which decoder reads this font.
    pub fn decoding(&self) -> Decoding {
        match self.decode {
            Decode::Cmap(CodeDecoder::Gbk) => Decoding::CmapGbk,
            Decode::Cmap(CodeDecoder::Utf16) => Decoding::CmapUtf16,
            Decode::SimpleGbk => Decoding::SimpleGbk,
            _ => Decoding::FontMap,
        }
    }

    /// The codes of one string, in order.
    pub fn draw(&self, bytes: &[u8]) -> Vec<Drawn> {
        match &self.decode {
            Decode::Cmap(decoder) => decoder
                .codes(bytes)
                .into_iter()
                .map(|code| {
                    let default = match &self.widths {
                        Widths::Cid { default, .. } => *default,
                        Widths::Simple { .. } => 1000.0,
                    };
                    let units = if code.wide { default } else { default / 2.0 };
                    Drawn {
                        space: code.len == 1 && code.text == " ",
                        text: code.text,
                        advance: units * self.scale,
                        codes: 1,
                    }
                })
                .collect(),
            Decode::SimpleGbk => {
                let mut at = 0;
                CodeDecoder::Gbk
                    .codes(bytes)
                    .into_iter()
                    .map(|code| {
                        let units: f32 = bytes[at..at + code.len]
                            .iter()
                            .map(|&byte| self.width(u32::from(byte)))
                            .sum();
                        at += code.len;
                        Drawn {
                            space: code.len == 1 && code.text == " ",
                            text: code.text,
                            advance: units * self.scale,
                            codes: code.len,
                        }
                    })
                    .collect()
            }
            Decode::ToUnicode { bytes: width, .. } | Decode::Unmapped { bytes: width } => bytes
                .chunks(*width)
                .map(|chunk| {
                    let code = chunk
                        .iter()
                        .fold(0u32, |code, &byte| code << 8 | u32::from(byte));
                    let text = match &self.decode {
                        Decode::ToUnicode {
                            map: Encoding::UnicodeMapEncoding(map),
                            ..
                        } => map
                            .get(code, chunk.len() as u8)
                            .map(|units| String::from_utf16_lossy(&units))
                            .unwrap_or_default(),
                        _ => String::new(),
                    };
                    Drawn {
                        text,
                        advance: self.width(code) * self.scale,
                        space: *width == 1 && code == 32,
                        codes: 1,
                    }
                })
                .collect(),
            Decode::Simple(encoding) => bytes
                .iter()
                .map(|&byte| Drawn {
                    text: encoding.bytes_to_string(&[byte]).unwrap_or_default(),
                    advance: self.width(u32::from(byte)) * self.scale,
                    space: byte == 32,
                    codes: 1,
                })
                .collect(),
        }
    }

    fn width(&self, code: u32) -> f32 {
        match &self.widths {
            Widths::Simple {
                first,
                widths,
                missing,
            } => usize::try_from(i64::from(code) - first)
                .ok()
                .and_then(|index| widths.get(index).copied())
                .unwrap_or(*missing),
            Widths::Cid { default, widths } => widths.get(&code).copied().unwrap_or(*default),
        }
    }
}

/// Whether a font needs our own decoding (pdf-extract cannot read it): a composite font with a
/// predefined CMap we decode, or a simple font that is GBK in disguise. Cheaper than
/// [`Font::new`], which parses ToUnicode maps.
pub fn needs_own_decoding(dict: &Dictionary, doc: &Document) -> bool {
    let subtype = dict
        .get(b"Subtype")
        .and_then(Object::as_name)
        .unwrap_or(b"");
    if subtype == b"Type0" {
        return dict
            .get_deref(b"Encoding", doc)
            .and_then(Object::as_name)
            .is_ok_and(|name| CodeDecoder::for_cmap(name).is_some());
    }
    let to_unicode = dict
        .get_deref(b"ToUnicode", doc)
        .and_then(Object::as_stream)
        .is_ok();
    is_gbk_simple(dict, doc, to_unicode)
}

/// A simple font without ToUnicode and without an embedded font file, declared WinAnsi,
/// Standard or nothing, named like a Chinese font.
fn is_gbk_simple(dict: &Dictionary, doc: &Document, to_unicode: bool) -> bool {
    let subtype = dict
        .get(b"Subtype")
        .and_then(Object::as_name)
        .unwrap_or(b"");
    if to_unicode || !matches!(subtype, b"TrueType" | b"Type1" | b"MMType1") {
        return false;
    }
    let embedded = dict
        .get_deref(b"FontDescriptor", doc)
        .and_then(Object::as_dict)
        .is_ok_and(|descriptor| {
            [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                .iter()
                .any(|key| descriptor.has(key))
        });
    let plain_encoding = match dict.get_deref(b"Encoding", doc) {
        Err(_) => true,
        Ok(Object::Name(name)) => {
            matches!(name.as_slice(), b"WinAnsiEncoding" | b"StandardEncoding")
        }
        Ok(_) => false,
    };
    let name = dict
        .get(b"BaseFont")
        .and_then(Object::as_name)
        .unwrap_or(b"");
    !embedded && plain_encoding && is_gbk_font_name(name)
}

fn simple_encoding<'a>(dict: &'a Dictionary, doc: &'a Document) -> Decode<'a> {
    match dict.get_font_encoding(doc) {
        Ok(Encoding::UnicodeMapEncoding(map)) => Decode::ToUnicode {
            map: Encoding::UnicodeMapEncoding(map),
            bytes: 1,
        },
        Ok(encoding) => Decode::Simple(encoding),
        Err(_) => Decode::Unmapped { bytes: 1 },
    }
}

fn number(object: &Object, doc: &Document) -> Option<f32> {
    doc.dereference(object)
        .ok()
        .and_then(|(_, object)| object.as_float().ok())
        .filter(|value| value.is_finite())
}

fn simple_widths(dict: &Dictionary, doc: &Document) -> Widths {
    let first = dict.get(b"FirstChar").and_then(Object::as_i64).unwrap_or(0);
    let widths = dict
        .get_deref(b"Widths", doc)
        .and_then(Object::as_array)
        .map(|array| {
            array
                .iter()
                .map(|width| number(width, doc).unwrap_or(0.0))
                .collect()
        })
        .unwrap_or_default();
    let missing = dict
        .get_deref(b"FontDescriptor", doc)
        .and_then(Object::as_dict)
        .ok()
        .and_then(|descriptor| descriptor.get(b"MissingWidth").ok())
        .and_then(|width| number(width, doc))
        .unwrap_or(500.0);
    Widths::Simple {
        first,
        widths,
        missing,
    }
}

/// `/DW` and `/W` of a CID font, keyed by CID (the code itself for Identity encodings).
fn cid_widths(descendant: Option<&Dictionary>, doc: &Document) -> Widths {
    let default = descendant
        .and_then(|font| font.get(b"DW").ok())
        .and_then(|width| number(width, doc))
        .unwrap_or(1000.0);
    let mut widths = HashMap::new();
    let array = descendant
        .and_then(|font| font.get_deref(b"W", doc).ok())
        .and_then(|array| array.as_array().ok());
    if let Some(array) = array {
        let mut at = 0;
        while at + 1 < array.len() && widths.len() < 1 << 16 {
            let Some(start) = number(&array[at], doc) else {
                break;
            };
            let start = start as u32;
            let next = doc.dereference(&array[at + 1]).map(|(_, object)| object);
            if let Ok(Object::Array(list)) = next {
                for (offset, width) in list.iter().enumerate().take(1 << 16) {
                    if let Some(width) = number(width, doc) {
                        widths.insert(start.saturating_add(offset as u32), width);
                    }
                }
                at += 2;
            } else if at + 2 < array.len() {
                let end = number(&array[at + 1], doc).unwrap_or(0.0) as u32;
                let width = number(&array[at + 2], doc).unwrap_or(default);
                for cid in start..=end.min(start.saturating_add(1 << 16)) {
                    widths.insert(cid, width);
                }
                at += 3;
            } else {
                break;
            }
        }
    }
    Widths::Cid { default, widths }
}
