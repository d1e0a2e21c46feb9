/**
 * The interop matrix: rule scenarios written once in flavour-neutral terms ({@code suites/matrix/*.yaml}) run
 * for every ordered pair of client flavours (caller flavour, callee flavour), each expectation mapped to each
 * flavour's callbacks; every cell gets a verdict (works, diverges, fails) and the whole becomes
 * {@code reports/interop/matrix.json} with an HTML/PNG table. Depends on engine (call component, server),
 * farm.browser (the web client's flavour) and report.
 */
package io.callfarm.interop;
