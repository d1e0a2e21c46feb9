/**
 * The CallFarm JMeter plugin (DESIGN §6): Java Request samplers that host CallFarm virtual users in a
 * JMeter worker ({@link io.callfarm.jmeter.WorkerShard}), log them in ({@link
 * io.callfarm.jmeter.ShardLogin}), place one call per sample ({@link io.callfarm.jmeter.CallAttempt})
 * and report the worker's accounting ({@link io.callfarm.jmeter.ShardReport}). Depends on JMeter's
 * core and java components and on {@code io.callfarm.load}; the call logic lives there, not here.
 */
package io.callfarm.jmeter;
