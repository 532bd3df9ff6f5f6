// A small datapath for bench/run: a 16-bit ALU with a multiplier, a barrel shifter,
// a CRC-16 step and an 8-entry register file, registered outputs.
module design(input clk, input rst, input [2:0] op, input [2:0] ra, input [2:0] rb,
              input [2:0] rd, input we, input [15:0] imm, input use_imm,
              output reg [15:0] result, output reg zero, output reg [15:0] crc);
  reg [15:0] regs [0:7];
  wire [15:0] a = regs[ra];
  wire [15:0] b = use_imm ? imm : regs[rb];
  wire [31:0] product = a * b;
  wire [15:0] shifted = b[4] ? (a >> b[3:0]) : (a << b[3:0]);
  reg [15:0] value;
  integer i;
  reg [15:0] c;
  always @* begin
    case (op)
      3'd0: value = a + b;
      3'd1: value = a - b;
      3'd2: value = a & b;
      3'd3: value = a ^ b;
      3'd4: value = product[15:0];
      3'd5: value = product[31:16];
      3'd6: value = shifted;
      default: value = (a < b) ? 16'd1 : 16'd0;
    endcase
    c = crc;
    for (i = 0; i < 16; i = i + 1)
      c = (c[15] ^ value[i]) ? ((c << 1) ^ 16'h1021) : (c << 1);
  end
  always @(posedge clk) begin
    if (rst) begin
      result <= 16'd0;
      zero <= 1'b0;
      crc <= 16'hffff;
    end else begin
      result <= value;
      zero <= value == 16'd0;
      crc <= c;
      if (we)
        regs[rd] <= value;
    end
  end
endmodule
