/**
 * The {@code callfarm} command line: one picocli command per verb (demo, engine, usersig, analyze, ...).
 * May depend on every other package; nothing depends on it.
 */
package io.callfarm.cli;
