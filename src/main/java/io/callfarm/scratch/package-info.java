/**
 * Scratch space: the temporary files and folders that runs and tests make (browser profiles, engine databases,
 * recordings), and their removal. Depends on SLF4J only.
 */
package io.callfarm.scratch;
