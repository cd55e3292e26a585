"""Long texts compared by sentence, then character by character (model/diff/text.py)."""

from model.diff.text import char_segments, sentences, text_edits


def test_sentences_and_char_segments():
    assert sentences("一。二；三!\n四") == ["一。", "二；", "三!", "\n", "四"]
    segs = char_segments("达到预期目标", "达到既定目标")
    assert [(s.op, s.text) for s in segs] == [("=", "达到"), ("-", "预期"), ("+", "既定"), ("=", "目标")]
    [e] = text_edits("甲。完全不同的内容。", "甲。毫无关系之句子。")
    assert [(s.op, s.text) for s in e.segments] == [("-", "完全不同的内容。"), ("+", "毫无关系之句子。")]
