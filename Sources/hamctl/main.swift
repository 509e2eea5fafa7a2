import CommandLineTool
import Foundation
import HamctlCLI

exit(await Hamctl.execute(arguments: Array(CommandLine.arguments.dropFirst())))
