"""Words of scripts written with and without spaces."""

from newsloom.text.words import count, tokens


def test_spaced_words_are_as_written_and_cjk_runs_give_bigrams():
    assert tokens("Đà Nẵng, 3/11") == ["Đà", "Nẵng", "3", "11"]
    assert tokens("安全着陆，VN1234航班") == ["安全", "全着", "着陆", "VN1234", "航班"]
    assert tokens("机") == ["机"]


def test_a_count_of_words_splits_on_spaces_or_reads_cjk_characters_as_words():
    assert count("Four people were killed, police said.") == 6  # str.split, as before
    assert count("越南民航局已下令停飞该客机，并成立调查组查明事故原因。") == 15  # 25 characters
    assert count("机上载有182名乘客") == 1 + 4
    assert count("Shinzo Abe (安倍晋三) said the talks matter — really.") == 7 + 2  # a lone dash or bracket no word
