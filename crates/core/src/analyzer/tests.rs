use super::*;

fn analyzer() -> Analyzer {
    Analyzer::new(UserDictionary::built_in())
}

fn texts(tokens: &[Token]) -> Vec<&str> {
    tokens.iter().map(|token| token.text.as_str()).collect()
}

/// Every token's offsets slice the original text, and positions count tokens from zero.
fn assert_well_formed(original: &str, tokens: &[Token]) {
    for (index, token) in tokens.iter().enumerate() {
        assert_eq!(token.position, index, "{token:?}");
        assert!(original.is_char_boundary(token.offset_from), "{token:?}");
        assert!(original.is_char_boundary(token.offset_to), "{token:?}");
        assert!(token.offset_from < token.offset_to, "{token:?}");
    }
}

#[test]
fn words_of_a_real_title_with_byte_offsets_and_positions() {
    let title = "东营市人民政府办公室关于印发2017年东营市政务公开工作要点的通知";
    let tokens = analyzer().words(title);
    assert_well_formed(title, &tokens);
    assert_eq!(
        texts(&tokens),
        [
            "东营市",
            "人民政府",
            "办公室",
            "关于",
            "印发",
            "2017",
            "年",
            "东营市",
            "政务公开",
            "工作",
            "要点",
            "的",
            "通知"
        ]
    );
    let first = &tokens[0];
    assert_eq!((first.offset_from, first.offset_to), (0, 9));
    let year = &tokens[5];
    assert_eq!(
        (year.offset_from, year.offset_to, year.position),
        (42, 46, 5)
    );
    for token in &tokens {
        assert_eq!(&title[token.offset_from..token.offset_to], token.text);
    }
}

#[test]
fn user_dictionary_keeps_government_words_whole() {
    let analyzer = analyzer();
    for word in [
        "营改增",
        "市发展改革委",
        "放管服",
        "双随机一公开",
        "五公开",
        "河长制",
    ] {
        let sentence = format!("加大{word}相关政策公开力度");
        let tokens = analyzer.words(&sentence);
        assert!(
            texts(&tokens).contains(&word),
            "{word}: {:?}",
            texts(&tokens)
        );
    }
}

#[test]
fn default_jieba_splits_what_ours_keeps() {
    // The reason the user dictionary exists: without it these words fall apart.
    let plain = jieba_rs::Jieba::new();
    let words = |text| -> Vec<String> {
        plain
            .cut(text, true)
            .into_iter()
            .map(|token| token.word.to_owned())
            .collect()
    };
    assert_ne!(words("营改增"), ["营改增"]);
    assert_ne!(words("市发展改革委"), ["市发展改革委"]);
    let ours = analyzer();
    assert_eq!(texts(&ours.words("营改增")), ["营改增"]);
    assert_eq!(texts(&ours.words("市发展改革委")), ["市发展改革委"]);
}

#[test]
fn width_is_folded_case_lowered_and_punctuation_dropped() {
    let text = "（ＰＰＰ）项目，２０１７年！";
    let words = analyzer().words(text);
    assert_well_formed(text, &words);
    assert_eq!(texts(&words), ["ppp", "项目", "2017", "年"]);
    // "ＰＰＰ" spans bytes 3..12 of the original: three full-width letters.
    assert_eq!((words[0].offset_from, words[0].offset_to), (3, 12));
    let grams = analyzer().grams(text);
    assert_well_formed(text, &grams);
    assert_eq!(texts(&grams), ["ppp", "项目", "2017", "年"]);
}

#[test]
fn grams_overlap_with_positions_in_tokens() {
    let text = "全面推行河长制。";
    let grams = analyzer().grams(text);
    assert_well_formed(text, &grams);
    assert_eq!(
        texts(&grams),
        ["全面", "面推", "推行", "行河", "河长", "长制"]
    );
    assert_eq!((grams[5].offset_from, grams[5].offset_to), (15, 21));
    assert_eq!(grams[5].position, 5);
}

#[test]
fn a_lone_chinese_character_is_its_own_token() {
    let text = "第3条 甲";
    let grams = analyzer().grams(text);
    assert_eq!(texts(&grams), ["第", "3", "条", "甲"]);
}

#[test]
fn registered_tokenizers_are_the_analyzer() {
    let manager = TokenizerManager::default();
    analyzer().register(&manager);
    let mut words = manager.get(WORDS).expect("words registered");
    let via_manager = collect(words.token_stream("推进政务公开"));
    assert_eq!(
        texts(&via_manager),
        texts(&analyzer().words("推进政务公开"))
    );
    let mut grams = manager.get(GRAMS).expect("grams registered");
    assert_eq!(collect(grams.token_stream("营改增")).len(), 2);
}

#[test]
fn empty_and_punctuation_only_text_give_no_tokens() {
    let analyzer = analyzer();
    for text in ["", "  ", "，。！？“”（）", "——"] {
        assert!(analyzer.words(text).is_empty(), "{text}");
        assert!(analyzer.grams(text).is_empty(), "{text}");
    }
}

#[test]
fn a_part_of_a_code_is_keyed_by_the_code_too() {
    assert_eq!(
        title_keys("中华人民共和国民法典 总则"),
        ["中华人民共和国民法典总则", "中华人民共和国民法典"]
    );
    // A first part that names no law keys nothing more.
    assert_eq!(
        title_keys("中华人民共和国 专利法"),
        ["中华人民共和国专利法"]
    );
    assert_eq!(
        title_keys("关于做好2024年春节期间工作的通知"),
        ["关于做好2024年春节期间工作的通知"]
    );
    assert!(is_law_title("个人信息保护法") && !is_law_title("通知"));
}

#[test]
fn indexable_characters_are_the_alphanumeric_ones() {
    for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
        assert_eq!(super::is_indexable(c), c.is_alphanumeric(), "{c:?}");
    }
}
