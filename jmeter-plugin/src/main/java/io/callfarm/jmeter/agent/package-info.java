/**
 * The RMI bind agent for JMeter processes ({@code -javaagent}); JDK classes only, loaded by the system
 * class loader before JMeter starts.
 */
package io.callfarm.jmeter.agent;
