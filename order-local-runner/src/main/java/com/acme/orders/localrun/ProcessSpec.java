package com.acme.orders.localrun;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One process to supervise.
 *
 * @param name      short name, used as the console prefix and the log file name
 * @param command   the command line
 * @param env       environment variables added to the runner's own
 * @param readiness when the process counts as ready
 * @param logFile   where its output also goes
 */
public record ProcessSpec(String name, List<String> command, Map<String, String> env, Readiness readiness,
                          Path logFile) {

    public ProcessSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }
}
