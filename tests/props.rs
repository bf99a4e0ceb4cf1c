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
    fn performance_table_noise_never_panics(
        cells in proptest::collection::vec(
            "(产出指标|效益指标|项目完成指标|成本指标|满意度指标|数量指标|质量指标|时效指标|经济效益指标|项目名称|年度资金总额|财政拨款|其他资金|单位:万元|≥|≤|<|>|=|》|不低于|以上|以内|%|万元|万|元|个|人次|2023.07-2024.01|2019年12月31日前|12月底前|优良|按时完成|不超预算|反映|情况|合计|金额|2020年实际执行数|测算依据|计划标准|[0-9.]{1,9}|\t|\\||\n| )",
            0..160,
        ),
        title in 0..3usize,
    ) {
        let head = match title {
            0 => "## 项目支出绩效目标表\n",
            1 => "2023年项目支出绩效目标申报表\n|\n",
            _ => "主管部门审核意见鄂州市2022年项目支出绩效目标表项目名称大楼保障项目预算成本构成金额测算依据2020年实际执行数一级指标",
        };
        let text = format!("{head}{}", cells.concat());
        let _ = check_text("p", &text, &Options::default());
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
