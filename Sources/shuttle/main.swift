import Foundation
import ShuttleCLI

exit(Shuttle.execute(arguments: Array(CommandLine.arguments.dropFirst())))
