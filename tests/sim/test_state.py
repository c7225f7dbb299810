"""The simulator's shared state stays bounded however long a client loops."""

from __future__ import annotations

from tastyking.sim.state import SUBMISSION_LIMIT, TOKEN_LIMIT, SimConfig, SimState


def test_token_stores_are_bounded_and_keep_the_newest() -> None:
    state = SimState(SimConfig(journal=False))
    tokens = [state.issue_token() for _ in range(TOKEN_LIMIT + 50)]
    quotes = [state.issue_quote_token() for _ in range(TOKEN_LIMIT + 50)]
    assert len(state._tokens) <= TOKEN_LIMIT and len(state.quote_tokens) <= TOKEN_LIMIT
    assert state.token_valid(tokens[-1]) and not state.token_valid(tokens[0])
    assert quotes[-1] in state.quote_tokens and quotes[0] not in state.quote_tokens


def test_refused_submissions_keep_the_latest() -> None:
    state = SimState(SimConfig(journal=False))
    for i in range(SUBMISSION_LIMIT + 10):
        state.record_submission({"n": i})
    assert len(state.submissions) == SUBMISSION_LIMIT
    assert state.submissions[-1] == {"n": SUBMISSION_LIMIT + 9}
