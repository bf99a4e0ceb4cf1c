//! Property tests: no input, however broken, makes the parser or the rules panic.

mod common;

use proptest::prelude::*;
use suanpan::{check_text, Options};

fn corpus_lines() -> Vec<String> {
    let mut lines = Vec::new();
    for p in common::files(&common::corpus_dir().join("text"), "txt") {
        let t = std::fs::read_to_string(p).unwrap();
        lines.extend(t.lines().map(str::to_string));
    }
    lines
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC*") {
        let _ = check_text("p", &s, &Options::default());
    }

    #[test]
    fn table_like_noise_never_panics(s in "([0-9,.\\- \\t\\n合计小计类款项表单位：万元元收支总表]{0,40}){0,30}") {
        let _ = check_text("p", &s, &Options::default());
    }

    #[test]
    fn shuffled_corpus_lines_never_panic(picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..80), cut in any::<prop::sample::Index>()) {
        let lines = corpus_lines();
        let mut text = String::new();
        for p in &picks {
            let l = &lines[p.index(lines.len())];
            // cut some lines mid-way (on a char boundary)
            let chars: Vec<char> = l.chars().collect();
            let n = cut.index(chars.len() + 1);
            text.extend(chars[..n].iter());
            text.push('\n');
        }
        let _ = check_text("p", &text, &Options::default());
    }
}
