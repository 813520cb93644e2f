using CodeGrader.Sandbox.Seccomp;

namespace CodeGrader.Sandbox.Tests.Seccomp;

public class BpfAssemblerTests
{
    [Fact]
    public void Labels_become_forward_jump_distances()
    {
        var program = new BpfAssembler()
            .LoadWord(0)
            .JumpIfEqual(7, "yes", "no")
            .Label("no").Return(1)
            .Label("yes").Return(2)
            .Assemble();

        program.Length.ShouldBe(4);
        program[1].ShouldBe(new BpfInstruction(BpfInstruction.JumpIfEqual, 1, 0, 7));
        BpfInterpreter.Run(program, 7).ShouldBe(2u);
        BpfInterpreter.Run(program, 8).ShouldBe(1u);
    }

    [Fact]
    public void A_jump_further_than_255_instructions_is_refused()
    {
        var assembler = new BpfAssembler().LoadWord(0).JumpIfEqual(1, "far");
        for (var i = 0; i < 256; i++) assembler.Return(0);
        assembler.Label("far").Return(1);

        Should.Throw<InvalidOperationException>(() => assembler.Assemble()).Message.ShouldContain("out of range");
    }

    [Fact]
    public void A_program_must_end_with_a_return_and_name_only_defined_labels()
    {
        Should.Throw<InvalidOperationException>(() => new BpfAssembler().LoadWord(0).Assemble());
        Should.Throw<InvalidOperationException>(() => new BpfAssembler().JumpIfEqual(1, "nowhere").Return(0).Assemble());
        Should.Throw<InvalidOperationException>(() => new BpfAssembler().Label("x").Label("x"));
    }

    [Fact]
    public void Instructions_encode_as_eight_little_endian_bytes_each()
    {
        var program = new[] { new BpfInstruction(0x15, 3, 4, 0xC000003E) };

        var bytes = BpfInstruction.Encode(program);

        bytes.ShouldBe(new byte[] { 0x15, 0x00, 3, 4, 0x3E, 0x00, 0x00, 0xC0 });
        BpfInstruction.Decode(bytes).ShouldBe(program);
    }
}
