"""The domain core: catalog model, scenario rules, merged form, material plan,
validators, case state machine and working-day arithmetic. Pure Python: this
package imports no Qt, no SQLAlchemy and no requests (tests/core/test_layers.py)."""
