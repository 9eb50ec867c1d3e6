using System.CommandLine;

namespace MLOps.Cli.Hosting;

/// <summary>Builds commands whose action runs with a <see cref="CliInvocation"/>.</summary>
internal sealed class CliCommand(GlobalOptions options, CliEnvironment environment)
{
    public CliEnvironment Environment => environment;

    /// <summary>A command with its arguments and options, running <paramref name="run"/>; exit code 0 when it returns.</summary>
    public Command Create(string name, string description, Func<CliInvocation, Task> run, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
                default:
                    throw new ArgumentException($"{symbol.GetType().Name} is neither an argument nor an option.", nameof(symbols));
            }
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var invocation = new CliInvocation(parse, options, environment, cancellationToken);
            await run(invocation);
            return 0;
        });
        return command;
    }

    /// <summary>A command that only groups subcommands.</summary>
    public static Command Group(string name, string description, params Command[] subcommands)
    {
        var command = new Command(name, description);
        foreach (var subcommand in subcommands)
        {
            command.Subcommands.Add(subcommand);
        }

        return command;
    }
}
