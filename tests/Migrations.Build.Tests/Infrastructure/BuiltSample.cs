namespace Migrations.Build.Tests.Infrastructure;

/// <summary>One built copy of the sample, shared by the tests of a class; each test uses its own database file.</summary>
public sealed class BuiltSample : IDisposable
{
    public BuiltSample()
    {
        Copy = new SampleCopy();
        Copy.Build();
    }

    public SampleCopy Copy { get; }

    public void Dispose() => Copy.Dispose();
}
