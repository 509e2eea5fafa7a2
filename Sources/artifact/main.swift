import ArtifactCLI
import CommandLineTool
import Foundation

exit(await ArtifactCommand.execute(arguments: Array(CommandLine.arguments.dropFirst())))
