package io.j8s.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The j8s executable. Each component is a subcommand, as k3s does it. */
@Command(name = "j8s", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Kubernetes, the whole architecture, in Java.",
        subcommands = {UpCommand.class, ServerCommand.class, AgentCommand.class, SchedulerCommand.class, ControllerManagerCommand.class, ProxyCommand.class, VersionCommand.class, AotTrainingCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
