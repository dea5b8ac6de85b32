using Migrations.Build.Engine;
using Migrations.Build.Engine.Loading;

// Before any type of ours from another assembly is touched: the app's deps.json doesn't list them.
AssemblyResolver.Install();
return EngineHost.Run(args);
