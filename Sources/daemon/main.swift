import CommandLineTool
import DaemonCLI
import Foundation

exit(await DaemonCommand.execute(arguments: Array(CommandLine.arguments.dropFirst())))
