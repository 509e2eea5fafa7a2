import ShuttleCLI
import Foundation

exit(await Shuttle.run(arguments: Array(CommandLine.arguments.dropFirst())))
