package io.spanvault.server;

/** What the command line asks for. */
enum Command {
    RUN,
    VALIDATE,
    HELP,
    VERSION
}
