/**
 * The engine's embedded database (SQLite file): apps, users, groups, offline messages with their push
 * records, and call records. Depends on nothing else in the project.
 */
package io.callfarm.engine.store;
