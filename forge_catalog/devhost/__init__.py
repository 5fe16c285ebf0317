"""The devhost: a miniature controller implementing the controller contract
(docs/controller-contract.md) with the controller's own names, so the tests
and the demo run the same forge-catalog code path that runs inside AWX."""
