"""Two people with the same display name are told apart by their Slack handle (or id)."""

from __future__ import annotations

from ldtui.records import told_apart


def test_unique_names_stay_as_they_are():
    assert told_apart([("U1", "Ana", "ana"), ("U2", "Bo", None)]) == {"U1": "Ana", "U2": "Bo"}


def test_same_name_gets_the_handle_and_without_one_the_id():
    shown = told_apart(
        [("U1", "Ana Lima", "ana.l"), ("U2", "ana lima", "ana.lima"), ("U3", "Ana Lima", None)]
    )
    assert shown == {"U1": "Ana Lima (@ana.l)", "U2": "ana lima (@ana.lima)", "U3": "Ana Lima (U3)"}


def test_a_shared_handle_falls_back_to_the_id():
    shown = told_apart([("U1", "Mo", "mo"), ("U2", "Mo", "mo")])
    assert shown == {"U1": "Mo (U1)", "U2": "Mo (U2)"}
