using Stratus.Functions.Internal;
using Stratus.Functions.Testing;

namespace Stratus.Functions.Tests;

public sealed class FunctionEnvironmentTests
{
    [Fact]
    public void Properties_LambdaVariables_AreRead()
    {
        var environment = new FunctionEnvironment(new Dictionary<string, string>
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = "users-dev-getUser",
            ["AWS_REGION"] = "eu-west-1",
            ["TABLE"] = "users",
        });

        Assert.Equal("users-dev-getUser", environment.FunctionName);
        Assert.Equal("eu-west-1", environment.Region);
        Assert.Equal("users", environment.Get("TABLE"));
        Assert.Null(environment.Get("table"));
    }

    [Fact]
    public void Region_OnlyDefaultRegionSet_FallsBackToIt()
    {
        var variables = new Dictionary<string, string> { ["AWS_DEFAULT_REGION"] = "us-west-2" };

        var environment = new FunctionEnvironment(variables);

        Assert.Equal("us-west-2", environment.Region);
        Assert.Equal("", environment.FunctionName);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GetRequired_Missing_ThrowsNamingVariableFunctionAndFix(bool setEmpty)
    {
        var variables = new Dictionary<string, string> { ["AWS_LAMBDA_FUNCTION_NAME"] = "users-service-dev-getUser" };
        if (setEmpty)
        {
            variables["JWT_SECRET"] = "";
        }

        var environment = new FunctionEnvironment(variables);

        var exception = Assert.Throws<FunctionConfigurationException>(() => environment.GetRequired("JWT_SECRET"));
        Assert.Equal("JWT_SECRET", exception.VariableName);
        var state = setEmpty ? "is empty" : "is not set";
        Assert.Contains(
            $"Environment variable 'JWT_SECRET' {state} for function 'users-service-dev-getUser'", exception.Message);
        Assert.Contains("serverless.yml", exception.Message);
        Assert.Contains("functions.<key>.environment for this function alone (deployed as 'users-service-dev-getUser')",
            exception.Message);
        Assert.Contains("    JWT_SECRET: ", exception.Message);
    }

    [Fact]
    public void GetRequired_Present_ReturnsValue()
    {
        var environment = new FunctionEnvironment(new Dictionary<string, string> { ["TABLE"] = "users" });

        Assert.Equal("users", environment.GetRequired("TABLE"));
    }

    [Fact]
    public void ReadProcessVariables_ProcessEnvironment_IsCopied()
    {
        var variables = FunctionEnvironment.ReadProcessVariables();

        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), variables["PATH"]);
    }

    [Fact]
    public void TestFunctionEnvironment_NoVariables_HasTestDefaults()
    {
        var environment = new TestFunctionEnvironment();

        Assert.Equal("test-function", environment.FunctionName);
        Assert.Equal("us-east-1", environment.Region);
        Assert.Null(environment.Get("ANYTHING"));
    }

    [Fact]
    public void TestFunctionEnvironment_Set_AddsAndRemovesVariables()
    {
        var environment = new TestFunctionEnvironment(new Dictionary<string, string> { ["A"] = "1" });

        environment.Set("B", "2").Set("A", null);

        Assert.Null(environment.Get("A"));
        Assert.Equal("2", environment.GetRequired("B"));
        Assert.Throws<FunctionConfigurationException>(() => environment.GetRequired("A"));
    }
}
