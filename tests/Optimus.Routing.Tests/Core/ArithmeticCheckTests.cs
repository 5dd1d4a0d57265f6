using Optimus.Core.Routing;

namespace Optimus.Routing.Tests.Core;

public sealed class ArithmeticCheckTests
{
    [Theory]
    [InlineData("2+3*4", 14)]
    [InlineData("(2+3)*4", 20)]
    [InlineData("$1,200/4", 300)]
    [InlineData("5\\*1.25", 6.25)]
    [InlineData("-3+10", 7)]
    [InlineData("20%*50", 10)]
    [InlineData("3 x 60", 180)]
    [InlineData("43 / (1 + 1 + 7/2)", 7.818181818181818)]
    public void TryEvaluate_PlainArithmetic_ReturnsValue(string expression, double expected)
    {
        Assert.True(ArithmeticExpression.TryEvaluate(expression, out var value));
        Assert.Equal(expected, value, 9);
    }

    [Theory]
    [InlineData("3.5*x")]
    [InlineData("4/0")]
    [InlineData("(2+3")]
    [InlineData("")]
    [InlineData("sqrt(4)")]
    public void TryEvaluate_NotArithmetic_ReturnsFalse(string expression)
    {
        Assert.False(ArithmeticExpression.TryEvaluate(expression, out _));
    }

    [Fact]
    public void Check_CorrectAnnotations_ChecksOut()
    {
        var tally = ArithmeticCheck.Check("He runs 3 x 60 = <<3*60=180>>180 meters, so 180 x 3 = <<180*3=540>>540.\n#### 540");

        Assert.Equal(2, tally.Annotations);
        Assert.Equal(0, tally.AnnotationErrors);
        Assert.True(tally.ChecksOut);
        Assert.Equal(540, tally.LastResult);
    }

    [Fact]
    public void Check_WrongAnnotation_CountsError()
    {
        var tally = ArithmeticCheck.Check("She sells 9 * $2 = $<<9*2=16>>16.");

        Assert.Equal(1, tally.Annotations);
        Assert.Equal(1, tally.AnnotationErrors);
        Assert.False(tally.ChecksOut);
    }

    [Theory]
    [InlineData("<<90/450=0.2*100=20>>", 0)]
    [InlineData("<<5*75+120=375+120=495>>", 0)]
    [InlineData("<<32/(4-1)=32/3=10.67>>", 0)]
    [InlineData("<<5*75+120=375+120=500>>", 1)]
    // From the data: the weak model took 5*75 for 675 and carried on correctly from there.
    [InlineData("<<5*75+120=675+120=795>>", 1)]
    public void Check_ChainedAnnotation_ChecksEveryLink(string text, int errors)
    {
        var tally = ArithmeticCheck.Check(text);

        Assert.Equal(1, tally.Annotations);
        Assert.Equal(errors, tally.AnnotationErrors);
    }

    [Fact]
    public void Check_AnnotationWithVariable_IsUncheckedNotWrong()
    {
        var tally = ArithmeticCheck.Check("<<3.5*x=64=64/3.5=18.285714285714286>>");

        Assert.Equal(1, tally.Unchecked);
        Assert.Equal(0, tally.Errors);
        Assert.False(tally.ChecksOut);
    }

    [Fact]
    public void Check_InlineEquations_ChecksProse()
    {
        var tally = ArithmeticCheck.Check("She has 16 - 3 = 13 eggs left.\nThen 13 - 4 = 8 eggs.");

        Assert.Equal(0, tally.Annotations);
        Assert.Equal(2, tally.Equations);
        Assert.Equal(1, tally.EquationErrors);
        Assert.Equal(8, tally.LastResult);
    }

    [Fact]
    public void Check_RoundedResult_ChecksOutAtWrittenPrecision()
    {
        Assert.True(ArithmeticCheck.Check("<<10/3=3.33>>").ChecksOut);
        Assert.False(ArithmeticCheck.Check("<<10/3=3.4>>").ChecksOut);
    }
}
