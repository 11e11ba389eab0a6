//! Folding that remembers where each character came from: traditional characters to simplified
//! ones, NFKC width folding and lower-casing.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// Text after traditional-to-simplified folding, NFKC width folding and lower-casing, with a map
/// back to the original byte offsets.
#[derive(Debug, Default)]
pub struct Normalized {
    /// The folded text.
    pub text: String,
    /// For each original character whose folded form differs in length or content:
    /// `(folded byte offset, original byte offset)`. Offsets between two entries move together.
    anchors: Vec<(usize, usize)>,
    original_len: usize,
}

impl Normalized {
    /// Folds `original`: 國務院 → 国务院, Ａ１ → a1, （ → (, Latin lower-cased; simplified
    /// characters are kept.
    pub fn new(original: &str) -> Normalized {
        let mut normalized = Normalized {
            text: String::with_capacity(original.len()),
            anchors: Vec::new(),
            original_len: original.len(),
        };
        normalized.fold_into(original);
        normalized
    }

    /// `original` folded, shared by the two tokenizers of one text: tantivy tokenizes a title or
    /// a body for its word field and right after, on the same thread, for its bigram field, and
    /// folding is a tenth of indexing. The first call folds and keeps the result for the next
    /// call on the thread; the next call takes it if it asks for the same text (and folds anew
    /// otherwise), so at most one text and its folding are kept per thread.
    pub fn shared(original: &str) -> Rc<Normalized> {
        thread_local! {
            static KEPT: RefCell<Option<(String, Rc<Normalized>)>> = const { RefCell::new(None) };
        }
        KEPT.with(|kept| {
            let mut kept = kept.borrow_mut();
            if let Some((text, normalized)) = kept.take() {
                if text == original {
                    return normalized;
                }
            }
            let normalized = Rc::new(Normalized::new(original));
            *kept = Some((original.to_owned(), Rc::clone(&normalized)));
            normalized
        })
    }

    fn fold_into(&mut self, original: &str) {
        let simplified = simplify(original);
        for ((at, c), simple) in original.char_indices().zip(simplified.chars()) {
            if c.is_ascii() || (c == simple && is_stable(c)) {
                fold_char(c, &mut self.text);
                continue;
            }
            let folded_start = self.text.len();
            fold_char(simple, &mut self.text);
            let original_end = at + c.len_utf8();
            if self.text.len() - folded_start != c.len_utf8() || !self.text.ends_with(c) {
                self.anchors.push((folded_start, at));
                self.anchors.push((self.text.len(), original_end));
            }
        }
    }

    /// The original byte offset of a folded byte offset that starts a token.
    pub fn original_start(&self, folded: usize) -> usize {
        self.map(folded, false)
    }

    /// The original byte offset of a folded byte offset that ends a token.
    pub fn original_end(&self, folded: usize) -> usize {
        self.map(folded, true)
    }

    /// A mapper for offsets visited in increasing order (token starts, or token ends): each
    /// call moves forward from the last instead of searching all anchors again.
    pub fn cursor(&self) -> OffsetCursor<'_> {
        OffsetCursor {
            normalized: self,
            after: 0,
        }
    }

    fn map(&self, folded: usize, is_end: bool) -> usize {
        let after = self.anchors.partition_point(|&(at, _)| at <= folded);
        self.map_after(folded, is_end, after)
    }

    /// Maps `folded` given the number of anchors at or before it.
    fn map_after(&self, folded: usize, is_end: bool, after: usize) -> usize {
        // Entries come in pairs: (start of a changed character, end of it).
        if after == 0 {
            return folded;
        }
        let (anchor_folded, anchor_original) = self.anchors[after - 1];
        if (after - 1).is_multiple_of(2) && folded > anchor_folded {
            // Inside a character whose folded form is longer: snap to its start or end.
            let (_, original_end) = self.anchors[after];
            return if is_end {
                original_end
            } else {
                anchor_original
            };
        }
        (anchor_original + (folded - anchor_folded)).min(self.original_len)
    }
}

/// Maps folded offsets visited in non-decreasing order; see [`Normalized::cursor`].
pub struct OffsetCursor<'n> {
    normalized: &'n Normalized,
    after: usize,
}

impl OffsetCursor<'_> {
    /// The original byte offset of a folded offset that starts a token.
    pub fn start(&mut self, folded: usize) -> usize {
        self.advance(folded);
        self.normalized.map_after(folded, false, self.after)
    }

    /// The original byte offset of a folded offset that ends a token.
    pub fn end(&mut self, folded: usize) -> usize {
        self.advance(folded);
        self.normalized.map_after(folded, true, self.after)
    }

    fn advance(&mut self, folded: usize) {
        let anchors = &self.normalized.anchors;
        if self.after > 0 && anchors[self.after - 1].0 > folded {
            // Went backwards: start over (correct, just not fast).
            self.after = anchors.partition_point(|&(at, _)| at <= folded);
            return;
        }
        while self.after < anchors.len() && anchors[self.after].0 <= folded {
            self.after += 1;
        }
    }
}

/// `text` folded as the analyzers fold it (traditional to simplified, NFKC width folding,
/// lower-casing), when no offsets back to the original are needed: the one folding the query
/// side uses too.
pub fn fold(text: &str) -> String {
    let simplified = simplify(text);
    let mut folded = String::with_capacity(text.len());
    for c in simplified.chars() {
        fold_char(c, &mut folded);
    }
    folded
}

/// `text` with its traditional characters replaced by simplified ones (fast2s: one character for
/// one, chosen by its neighbours where a character has several simplified forms), so a query
/// typed in either script finds text written in either. Text fast2s would not change (no
/// traditional character) is returned as it is.
pub(crate) fn simplify(text: &str) -> Cow<'_, str> {
    // Most texts are simplified already: looking each character up costs a fraction of
    // converting the text (fast2s was 8% of an ingest's CPU).
    if !may_simplify(text) {
        return Cow::Borrowed(text);
    }
    let simplified = fast2s::convert(text);
    // Callers walk both texts character by character: a conversion that changed the length
    // (none is known to) is not used rather than allowed to shift every offset after it.
    if simplified.len() == text.len() && simplified.chars().count() == text.chars().count() {
        Cow::Owned(simplified)
    } else {
        Cow::Borrowed(text)
    }
}

/// Appends the folded form of `c`.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if is_stable(c) {
        out.push(c);
    } else {
        for folded in std::iter::once(c).nfkc() {
            out.extend(folded.to_lowercase());
        }
    }
}

/// Whether fast2s simplifies `c` on its own (a traditional character). A table of every
/// character of three UTF-8 bytes (the only ones fast2s converts), built once, so a scan over a
/// long text (the snippet sieve, [`simplify`]) need not convert the text to know.
pub(crate) fn simplifies(c: char) -> bool {
    static TABLE: OnceLock<Vec<u64>> = OnceLock::new();
    const FIRST: u32 = 0x0800;
    const LAST: u32 = 0xFFFF;
    let code = u32::from(c);
    if !(FIRST..=LAST).contains(&code) {
        return false;
    }
    let table = TABLE.get_or_init(|| {
        // Every character between ASCII neighbours, converted in one call: fast2s reads a
        // character's neighbours only for its context-only pairs, none of them ASCII.
        let characters: Vec<char> = (FIRST..=LAST).filter_map(char::from_u32).collect();
        let text: String = characters.iter().flat_map(|&c| [c, '\n']).collect();
        let converted = fast2s::convert(&text);
        let mut table = vec![0u64; ((LAST - FIRST) / 64 + 1) as usize];
        let pairs = characters.iter().zip(converted.chars().step_by(2));
        for (&original, simplified) in pairs {
            if original != simplified {
                let at = (u32::from(original) - FIRST) as usize;
                table[at / 64] |= 1 << (at % 64);
            }
        }
        table
    });
    let at = (code - FIRST) as usize;
    table[at / 64] & (1 << (at % 64)) != 0
}

/// Characters fast2s leaves alone on their own but simplifies next to certain neighbours
/// (藉口 → 借口, 看著 → 看着, 苧麻 → 苎麻): its context-only conversions.
const SIMPLIFIED_IN_CONTEXT: [char; 3] = ['藉', '著', '苧'];

/// Whether fast2s may change something in `text`: it holds a character that [`simplifies`] or
/// one that fast2s converts in context.
fn may_simplify(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_ascii() && (simplifies(c) || SIMPLIFIED_IN_CONTEXT.contains(&c)))
}

/// Characters that NFKC and lower-casing leave unchanged: the CJK Unified Ideographs and their
/// extension A, the bulk of any Chinese text (a traditional one among them is still simplified).
pub(crate) fn is_stable(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_call_for_the_same_text_takes_its_folding() {
        let body = "第一條　國務院ＡＢＣ";
        let first = Normalized::shared(body);
        assert_eq!(first.text, "第一条 国务院abc");
        let second = Normalized::shared(body);
        assert!(
            Rc::ptr_eq(&first, &second),
            "the bigram field takes the words' folding"
        );
        let third = Normalized::shared(body);
        assert!(!Rc::ptr_eq(&first, &third), "kept for one call only");
        let other = Normalized::shared("另一段文字");
        assert_eq!(other.text, "另一段文字");
        assert_eq!(other.original_end(other.text.len()), "另一段文字".len());
    }

    #[test]
    fn the_table_knows_what_fast2s_does_to_each_character_alone() {
        let mut buffer = [0u8; 4];
        for code in 0x0800..=0xFFFFu32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text: &str = c.encode_utf8(&mut buffer);
            assert_eq!(simplifies(c), fast2s::convert(text) != text, "U+{code:04X}");
        }
    }

    #[test]
    fn skipping_texts_without_traditional_characters_changes_nothing() {
        let texts = [
            "藉口",
            "慰藉",
            "看著",
            "著作权",
            "苧麻",
            "企畫",
            "國務院辦公廳",
            "关于印发《通知》的通知（全角），ＡＢＣ",
            "plain ascii",
        ];
        for text in texts {
            assert_eq!(simplify(text), fast2s::convert(text), "{text}");
        }
        // Every character of three UTF-8 bytes between simplified neighbours.
        let mut buffer = [0u8; 4];
        for code in 0x0800..=0xFFFFu32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = format!("看{}口", c.encode_utf8(&mut buffer));
            assert_eq!(simplify(&text), fast2s::convert(&text), "U+{code:04X}");
        }
    }

    #[test]
    fn traditional_characters_fold_to_simplified_with_their_offsets() {
        let original = "《國務院辦公廳關於印發》第十條";
        let folded = Normalized::new(original);
        assert_eq!(folded.text, "《国务院办公厅关于印发》第十条");
        assert_eq!(fold(original), folded.text);
        // "办公厅" starts at byte 12 of both texts (every character keeps its three bytes) and
        // still maps to the original's "辦公廳".
        let start = folded.text.find("办公厅").unwrap();
        assert_eq!(start, 12);
        let end = start + "办公厅".len();
        assert_eq!(
            &original[folded.original_start(start)..folded.original_end(end)],
            "辦公廳"
        );
        assert!(simplifies('國') && simplifies('廳') && !simplifies('国') && !simplifies('a'));
        // Simplified text is left as it is.
        assert_eq!(fold("国务院办公厅关于印发"), "国务院办公厅关于印发");
    }

    #[test]
    fn fold_alone_equals_the_folded_text() {
        for text in ["Ａ１号ＧＤＰ", "鲁政办发〔2017〕39号", "（一）第十二条ⅣＸ"]
        {
            assert_eq!(fold(text), Normalized::new(text).text);
        }
        assert_eq!(fold("（二）ＡＢ"), "(二)ab");
    }

    #[test]
    fn full_width_letters_and_digits_fold() {
        let folded = Normalized::new("Ａ１号ＧＤＰ");
        assert_eq!(folded.text, "a1号gdp");
        // "号" starts at byte 2 in the folded text and at byte 6 in the original.
        assert_eq!(folded.original_start(2), 6);
        assert_eq!(folded.original_end(5), 9);
        assert_eq!(folded.original_start(5), 9);
        assert_eq!(folded.original_end(8), 18);
    }

    #[test]
    fn cursors_agree_with_searching() {
        let folded = Normalized::new("（ＰＰＰ）项目，２０１７年㈱！");
        let mut starts = folded.cursor();
        let mut ends = folded.cursor();
        for at in 0..=folded.text.len() {
            assert_eq!(starts.start(at), folded.original_start(at), "start {at}");
            assert_eq!(ends.end(at), folded.original_end(at), "end {at}");
        }
        // Going back still answers right.
        assert_eq!(starts.start(0), 0);
    }

    #[test]
    fn unchanged_text_maps_to_itself() {
        let folded = Normalized::new("营改增 rules");
        assert_eq!(folded.text, "营改增 rules");
        assert_eq!(folded.original_start(10), 10);
        assert_eq!(folded.original_end(15), 15);
    }

    #[test]
    fn expanding_characters_snap_to_the_whole_character() {
        // ㈱ folds to "(株)", three characters from one.
        let folded = Normalized::new("甲㈱乙");
        assert_eq!(folded.text, "甲(株)乙");
        assert_eq!(folded.original_start(4), 3);
        assert_eq!(folded.original_end(7), 6);
        assert_eq!(folded.original_start(8), 6);
    }
}
