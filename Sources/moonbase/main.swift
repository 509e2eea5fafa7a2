import MoonbaseCLI

await MoonbaseCommand.execute()
