using Migrations.Build.Tool.Cli;

return MigrateCli.Run(args);
