/**
 * Starting the server in a child JVM with the JVM options {@code java -jar} cannot carry, only when they
 * are needed: the executable's concern, apart from the CLI and the service.
 */
package io.spanvault.server.launch;
