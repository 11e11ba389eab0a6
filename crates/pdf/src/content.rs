//! Our own content-stream reader: walks a page's text operators with lopdf and decodes strings in
//! fonts pdf-extract cannot read (predefined CJK CMaps without ToUnicode, GBK bytes behind WinAnsi
//! fonts), producing the same positioned glyphs as pdf-extract so layout is unchanged.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::error::PdfError;
use crate::fonts::{self, Decoding, Font};
use crate::layout::Glyph;

/// The glyphs of one page drawn by our reader.
#[derive(Debug, Default)]
pub struct DrawnPage {
    /// Glyphs in content-stream order.
    pub glyphs: Vec<Glyph>,
    /// Page width, in points.
    pub width: f32,
    /// Page height, in points.
    pub height: f32,
    /// The decoder that produced most characters.
    pub decoding: Option<Decoding>,
}

/// Operations, form nesting and glyphs one page may use before we stop reading it.
const MAX_OPERATIONS: usize = 2_000_000;
const MAX_FORM_DEPTH: usize = 8;
const MAX_GLYPHS: usize = 1_000_000;

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a × b` for PDF matrices (row vectors).
fn multiply(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn translation(x: f32, y: f32) -> Matrix {
    [1.0, 0.0, 0.0, 1.0, x, y]
}

/// The resource dictionaries in force, innermost first.
type Resources<'a> = Vec<&'a Dictionary>;

fn page_resources(doc: &Document, page_id: ObjectId) -> Resources<'_> {
    let mut resources = Vec::new();
    if let Ok((own, inherited)) = doc.get_page_resources(page_id) {
        resources.extend(own);
        resources.extend(
            inherited
                .into_iter()
                .filter_map(|id| doc.get_dictionary(id).ok()),
        );
    }
    resources
}

/// The object named `name` in the `category` of the innermost resources that have it.
fn resource<'a>(
    doc: &'a Document,
    resources: &Resources<'a>,
    category: &[u8],
    name: &[u8],
) -> Option<&'a Dictionary> {
    resources.iter().find_map(|dict| {
        let category = dict
            .get_deref(category, doc)
            .and_then(Object::as_dict)
            .ok()?;
        let object = category.get_deref(name, doc).ok()?;
        match object {
            Object::Dictionary(dict) => Some(dict),
            Object::Stream(stream) => Some(&stream.dict),
            _ => None,
        }
    })
}

/// Whether the page uses a font only our reader decodes.
pub fn needs_own_decoding(doc: &Document, page_id: ObjectId) -> bool {
    doc.get_page_fonts(page_id).is_ok_and(|fonts| {
        fonts
            .values()
            .any(|dict| fonts::needs_own_decoding(dict, doc))
    })
}

/// Text state and graphics state that `q`/`Q` save.
#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<Vec<u8>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    horizontal: f32,
    leading: f32,
    rise: f32,
}

struct Reader<'a> {
    doc: &'a Document,
    fonts: HashMap<usize, Font<'a>>,
    glyphs: Vec<Glyph>,
    left: f32,
    top: f32,
    operations: usize,
    counts: HashMap<Decoding, usize>,
}

/// Draws one page's text with our decoders.
pub fn draw_page(doc: &Document, page_id: ObjectId) -> Result<DrawnPage, PdfError> {
    let media = media_box(doc, page_id);
    let content = doc
        .get_page_content(page_id)
        .map_err(PdfError::PageContent)?;
    let mut reader = Reader {
        doc,
        fonts: HashMap::new(),
        glyphs: Vec::new(),
        left: media[0],
        top: media[3],
        operations: 0,
        counts: HashMap::new(),
    };
    let resources = page_resources(doc, page_id);
    reader.run(&content, &resources, IDENTITY, 0)?;
    let decoding = reader
        .counts
        .iter()
        .filter(|(decoding, _)| **decoding != Decoding::FontMap)
        .max_by_key(|(_, count)| **count)
        .or_else(|| reader.counts.iter().max_by_key(|(_, count)| **count))
        .map(|(decoding, _)| *decoding);
    Ok(DrawnPage {
        glyphs: reader.glyphs,
        width: media[2] - media[0],
        height: media[3] - media[1],
        decoding,
    })
}

fn media_box(doc: &Document, page_id: ObjectId) -> [f32; 4] {
    let mut node = doc.get_dictionary(page_id).ok();
    for _ in 0..32 {
        let Some(dict) = node else { break };
        let found = dict
            .get_deref(b"MediaBox", doc)
            .and_then(Object::as_array)
            .ok()
            .map(|array| {
                array
                    .iter()
                    .filter_map(|value| value.as_float().ok())
                    .collect::<Vec<f32>>()
            })
            .filter(|values| values.len() == 4 && values.iter().all(|value| value.is_finite()));
        if let Some(values) = found {
            return [
                values[0].min(values[2]),
                values[1].min(values[3]),
                values[0].max(values[2]),
                values[1].max(values[3]),
            ];
        }
        node = dict
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .ok();
    }
    [0.0, 0.0, 612.0, 792.0]
}

fn numbers(operands: &[Object]) -> Vec<f32> {
    operands
        .iter()
        .map(|operand| operand.as_float().unwrap_or(0.0))
        .collect()
}

impl<'a> Reader<'a> {
    fn run(
        &mut self,
        content: &[u8],
        resources: &Resources<'a>,
        ctm: Matrix,
        depth: usize,
    ) -> Result<(), PdfError> {
        let content = Content::decode(content).map_err(PdfError::ContentStream)?;
        let mut state = State {
            ctm,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut saved: Vec<State> = Vec::new();
        let (mut text, mut line) = (IDENTITY, IDENTITY);
        for operation in &content.operations {
            self.operations += 1;
            if self.operations > MAX_OPERATIONS || self.glyphs.len() > MAX_GLYPHS {
                return Err(PdfError::PageTooLarge);
            }
            let operands = &operation.operands;
            let values = numbers(operands);
            let value = |index: usize| values.get(index).copied().unwrap_or(0.0);
            match operation.operator.as_str() {
                "q" if saved.len() < 4096 => saved.push(state.clone()),
                "Q" => state = saved.pop().unwrap_or(state),
                "cm" if values.len() == 6 => {
                    let matrix = [value(0), value(1), value(2), value(3), value(4), value(5)];
                    state.ctm = multiply(&matrix, &state.ctm);
                }
                "BT" => (text, line) = (IDENTITY, IDENTITY),
                "Tf" => {
                    state.font = operands
                        .first()
                        .and_then(|name| name.as_name().ok())
                        .map(<[u8]>::to_vec);
                    state.size = value(1);
                }
                "Tc" => state.char_spacing = value(0),
                "Tw" => state.word_spacing = value(0),
                "Tz" => state.horizontal = value(0) / 100.0,
                "TL" => state.leading = value(0),
                "Ts" => state.rise = value(0),
                "Td" | "TD" => {
                    if operation.operator == "TD" {
                        state.leading = -value(1);
                    }
                    line = multiply(&translation(value(0), value(1)), &line);
                    text = line;
                }
                "Tm" if values.len() == 6 => {
                    line = [value(0), value(1), value(2), value(3), value(4), value(5)];
                    text = line;
                }
                "T*" => {
                    line = multiply(&translation(0.0, -state.leading), &line);
                    text = line;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if operation.operator == "\"" {
                        state.word_spacing = value(0);
                        state.char_spacing = value(1);
                    }
                    if operation.operator != "Tj" && operation.operator != "TJ" {
                        line = multiply(&translation(0.0, -state.leading), &line);
                        text = line;
                    }
                    for operand in operands {
                        match operand {
                            Object::String(bytes, _) => {
                                self.show(bytes, &state, resources, &mut text);
                            }
                            Object::Array(items) => {
                                for item in items {
                                    if let Object::String(bytes, _) = item {
                                        self.show(bytes, &state, resources, &mut text);
                                    } else if let Ok(adjust) = item.as_float() {
                                        let tx = -adjust / 1000.0 * state.size * state.horizontal;
                                        text = multiply(&translation(tx, 0.0), &text);
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    let Some(name) = operands.first().and_then(|name| name.as_name().ok()) else {
                        continue;
                    };
                    self.form(name, resources, &state.ctm, depth)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Draws a form XObject with its own resources (falling back to the page's).
    fn form(
        &mut self,
        name: &[u8],
        resources: &Resources<'a>,
        ctm: &Matrix,
        depth: usize,
    ) -> Result<(), PdfError> {
        let doc = self.doc;
        let stream = resources.iter().find_map(|dict| {
            let objects = dict
                .get_deref(b"XObject", doc)
                .and_then(Object::as_dict)
                .ok()?;
            objects
                .get_deref(name, doc)
                .and_then(Object::as_stream)
                .ok()
        });
        let Some(stream) = stream else { return Ok(()) };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return Ok(());
        }
        let matrix = stream
            .dict
            .get(b"Matrix")
            .and_then(Object::as_array)
            .ok()
            .map(|array| numbers(array))
            .filter(|values| values.len() == 6)
            .map_or(IDENTITY, |v| [v[0], v[1], v[2], v[3], v[4], v[5]]);
        let content = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let mut inner = Vec::with_capacity(resources.len() + 1);
        if let Ok(own) = stream
            .dict
            .get_deref(b"Resources", doc)
            .and_then(Object::as_dict)
        {
            inner.push(own);
        }
        inner.extend(resources.iter().copied());
        self.run(&content, &inner, multiply(&matrix, ctm), depth + 1)
    }

    /// Draws one string, advancing the text matrix.
    fn show(&mut self, bytes: &[u8], state: &State, resources: &Resources<'a>, text: &mut Matrix) {
        let Some(name) = &state.font else { return };
        let Some(dict) = resource(self.doc, resources, b"Font", name) else {
            return;
        };
        let key = std::ptr::from_ref(dict) as usize;
        let doc = self.doc;
        let font = self
            .fonts
            .entry(key)
            .or_insert_with(|| Font::new(dict, doc));
        let decoding = font.decoding();
        let size = state.size;
        for drawn in font.draw(bytes) {
            let rendering = [size * state.horizontal, 0.0, 0.0, size, 0.0, state.rise];
            let trm = multiply(&multiply(&rendering, text), &state.ctm);
            let mut tx = drawn.advance * size + state.char_spacing * drawn.codes as f32;
            if drawn.space {
                tx += state.word_spacing;
            }
            tx *= state.horizontal;
            let device = multiply(text, &state.ctm);
            let advance = (tx * device[0]).hypot(tx * device[1]);
            *text = multiply(&translation(tx, 0.0), text);
            // Spaces are left to layout, which puts them where the gaps are: a space glyph
            // after every CJK character (a common way of drawing them) is not text.
            let chars: Vec<char> = drawn
                .text
                .chars()
                .filter(|ch| !ch.is_control() && !ch.is_whitespace())
                .collect();
            if chars.is_empty() {
                continue;
            }
            *self.counts.entry(decoding).or_default() += chars.len();
            // The font-size square through the rendering matrix, as for pdf-extract's glyphs.
            let glyph_size = ((trm[0] + trm[2]) * (trm[1] + trm[3])).abs().sqrt();
            let step = advance / chars.len() as f32;
            for (index, ch) in chars.into_iter().enumerate() {
                self.glyphs.push(Glyph {
                    x: trm[4] - self.left + step * index as f32,
                    y: self.top - trm[5],
                    width: step,
                    size: glyph_size,
                    ch,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use lopdf::{dictionary, Stream};

    use super::*;

    fn one_page(font: Dictionary, content: &[u8]) -> (Document, ObjectId) {
        let mut doc = Document::with_version("1.5");
        let font_id = doc.add_object(font);
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
        let pages_id = doc.new_object_id();
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
            "Contents" => content_id,
        });
        let pages = dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 };
        doc.objects.insert(pages_id, Object::Dictionary(pages));
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        (doc, page_id)
    }

    fn placed(page: &DrawnPage) -> Vec<(char, f32, f32, f32)> {
        page.glyphs
            .iter()
            .map(|glyph| (glyph.ch, glyph.x, glyph.y, glyph.width))
            .collect()
    }

    #[test]
    fn a_gbk_cmap_font_is_decoded_with_positions() {
        let cid = dictionary! { "Type" => "Font", "Subtype" => "CIDFontType2", "DW" => 1000 };
        let font = dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => "SimHei",
            "Encoding" => "GBK-EUC-H",
            "DescendantFonts" => vec![Object::Dictionary(cid)],
        };
        let (doc, page) = one_page(font, b"BT /F1 12 Tf 72 720 Td <C4BFC2BC> Tj (1) Tj ET");
        assert!(needs_own_decoding(&doc, page));
        let drawn = draw_page(&doc, page).unwrap();
        assert_eq!(drawn.decoding, Some(Decoding::CmapGbk));
        assert_eq!(
            placed(&drawn),
            [
                ('目', 72.0, 122.0, 12.0),
                ('录', 84.0, 122.0, 12.0),
                ('1', 96.0, 122.0, 6.0)
            ]
        );
    }

    #[test]
    fn gbk_behind_winansi_counts_character_spacing_per_byte() {
        let font = dictionary! {
            "Type" => "Font",
            "Subtype" => "TrueType",
            "BaseFont" => Object::Name(b"\xcb\xce\xcc\xe5".to_vec()),
            "Encoding" => "WinAnsiEncoding",
            "FirstChar" => 0,
            "Widths" => vec![Object::Integer(500); 256],
        };
        let content = b"BT /F1 10 Tf 2 Tc 100 700 Td [<B9D8> -1000 <D3DA20>] TJ ET";
        let (doc, page) = one_page(font, content);
        assert!(needs_own_decoding(&doc, page));
        let drawn = draw_page(&doc, page).unwrap();
        assert_eq!(drawn.decoding, Some(Decoding::SimpleGbk));
        // 关: 1000 units of 10 pt plus 2 pt for each of its two bytes; -1000 moves 10 pt on.
        assert_eq!(
            placed(&drawn),
            [('关', 100.0, 142.0, 14.0), ('于', 124.0, 142.0, 14.0)]
        );
    }
}
