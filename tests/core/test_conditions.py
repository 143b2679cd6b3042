import pytest

from window_client.core.conditions import ConditionError, holds, parse


@pytest.mark.parametrize("data, answers, expected", [
    ({"equals": ["a", True]}, {"a": True}, True),
    ({"equals": ["a", True]}, {"a": False}, False),
    ({"equals": ["a", True]}, {}, False),
    ({"in": ["b", ["x", "y"]]}, {"b": "y"}, True),
    ({"in": ["b", ["x", "y"]]}, {"b": "z"}, False),
    ({"contains": ["m", "x"]}, {"m": ["x", "y"]}, True),
    ({"contains": ["m", "x"]}, {"m": "x"}, False),
    ({"compare": ["n", ">=", 3]}, {"n": 3}, True),
    ({"compare": ["n", "<", 3]}, {"n": 3}, False),
    ({"compare": ["d", "<", "2026-01-01"]}, {"d": "2025-12-31"}, True),
    ({"compare": ["n", ">", 1]}, {"n": "text"}, False),
    ({"answered": "n"}, {"n": 0}, True),
    ({"answered": "n"}, {"n": ""}, False),
    ({"not": {"equals": ["a", True]}}, {"a": False}, True),
    ({"all": [{"equals": ["a", 1]}, {"equals": ["b", 2]}]}, {"a": 1, "b": 2}, True),
    ({"all": [{"equals": ["a", 1]}, {"equals": ["b", 2]}]}, {"a": 1, "b": 3}, False),
    ({"any": [{"equals": ["a", 1]}, {"equals": ["b", 2]}]}, {"a": 0, "b": 2}, True),
])
def test_evaluate(data, answers, expected):
    assert parse(data).evaluate(answers) is expected


def test_missing_condition_holds():
    assert holds(None, {})


def test_questions_collects_references():
    cond = parse({"all": [{"equals": ["a", 1]}, {"not": {"in": ["b", [1]]}}]})
    assert cond.questions() == {"a", "b"}


@pytest.mark.parametrize("data, where", [
    ({"eval": "1+1"}, "unknown operator"),
    ({"equals": ["a"]}, "equals"),
    ({"all": []}, "all"),
    ({"compare": ["a", "=~", 1]}, "compare"),
    ({"in": ["a", "x"]}, "in"),
    ("a == 1", "exactly one operator"),
    ({"all": [{"equals": ["a", 1]}, {"bogus": 1}]}, "all[1]"),
])
def test_malformed_conditions_are_refused_with_a_path(data, where):
    with pytest.raises(ConditionError, match=where.replace("[", r"\[").replace("]", r"\]")):
        parse(data)
