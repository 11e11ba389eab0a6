//! 发文字号: the document's own number, found in the header.

use gongbao_core::DocNumber;

use super::text::{char_len, fold_width, without_spaces};

/// Longest issuing-body code accepted: a longer one means the number ran into the title.
const MAX_CODE: usize = 12;

/// The first document number in a header that is not a citation of another document
/// ("《…》（鲁政办发〔2017〕39号）"). A number with its year in brackets is given in the standard
/// form (东政办发〔2017〕15号); one written with 年 or without a year as written, minus spaces.
pub(crate) fn find_doc_number(header: &str) -> Option<String> {
    let folded = fold_width(header);
    DocNumber::find_all(&folded)
        .into_iter()
        .filter(|found| char_len(&found.number.code) <= MAX_CODE)
        .find(|found| {
            let before = folded[..found.range.start].trim_end();
            !(before.ends_with('》') || before.ends_with("》(") || before.ends_with("》（"))
        })
        .map(|found| {
            let written = without_spaces(&folded[found.range.clone()]);
            if found.number.year.is_some() && !written.contains('年') {
                found.number.to_string()
            } else {
                written
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_own_number_is_found_in_standard_form() {
        let header = "滨海市人民政府文件\n\n滨政发 〔2021〕 7 号\n\n滨海市人民政府关于加快发展夜间经济的意见";
        assert_eq!(
            find_doc_number(header).as_deref(),
            Some("滨政发〔2021〕7号")
        );
        assert_eq!(
            find_doc_number("关于开展春季植树活动的通知 林办发［２０２２］１２号 各区林业局")
                .as_deref(),
            Some("林办发〔2022〕12号")
        );
    }

    #[test]
    fn year_and_order_forms_are_kept_as_written() {
        assert_eq!(
            find_doc_number("关于调整部分商品进口关税的公告 海关总署公告2022年第 9 号").as_deref(),
            Some("海关总署公告2022年第9号")
        );
        assert_eq!(
            find_doc_number("青山市人民政府令 第 45 号").as_deref(),
            Some("青山市人民政府令第45号")
        );
    }

    #[test]
    fn cited_numbers_are_not_the_own_number() {
        let header = "根据《省政府办公厅关于做好复工复产工作的通知》（省政办发〔2020〕5号）精神";
        assert_eq!(find_doc_number(header), None);
    }
}
