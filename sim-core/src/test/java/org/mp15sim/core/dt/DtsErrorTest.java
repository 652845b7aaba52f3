package org.mp15sim.core.dt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every source error names file:line:column and what was expected. */
class DtsErrorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            missing version         | / { };                                    | e.dts:1:1  | expected '/dts-v1/;' first
            missing semicolon       | /dts-v1/;\\n/ { a = <1> };                | e.dts:2:13 | expected ';' after property 'a', found '}'
            missing root semicolon  | /dts-v1/;\\n/ { }                         | e.dts:2:6  | expected ';' after the root node block, found end of file
            unclosed node           | /dts-v1/;\\n/ {\\n a { };\\n              | e.dts:4:1  | expected '}' to close node / opened at e.dts:2:3
            unknown label overlay   | /dts-v1/;\\n/ { };\\n&nope { };           | e.dts:3:1  | reference to unknown label 'nope'
            unknown label in cells  | /dts-v1/;\\n/ { p = <1 &nope>; };         | e.dts:2:12 | reference to unknown label 'nope' in property 'p' of /
            unknown path reference  | /dts-v1/;\\n/ { p = &{/x/y}; };           | e.dts:2:9  | reference to non-existent node '/x/y'
            unterminated string     | /dts-v1/;\\n/ { s = "abc;\\n};            | e.dts:2:9  | unterminated string
            unterminated comment    | /dts-v1/;\\n/* never closed\\n/ { };      | e.dts:2:1  | unterminated comment
            bad number              | /dts-v1/;\\n/ { p = <08>; };              | e.dts:2:10 | bad integer literal '08'
            bad hex number          | /dts-v1/;\\n/ { p = <0x1g>; };            | e.dts:2:10 | bad integer literal '0x1g'
            number too big          | /dts-v1/;\\n/ { p = /bits/ 64 <0x10000000000000000>; }; | e.dts:2:20 | does not fit in 64 bits
            cell overflow           | /dts-v1/;\\n/ { p = <0x100000000>; };     | e.dts:2:10 | does not fit in a 32-bit cell
            byte cell overflow      | /dts-v1/;\\n/ { p = /bits/ 8 <256>; };    | e.dts:2:19 | does not fit in a 8-bit cell
            bad bits                | /dts-v1/;\\n/ { p = /bits/ 12 <1>; };     | e.dts:2:16 | /bits/ must be 8, 16, 32 or 64
            phandle in byte cells   | /dts-v1/;\\n/ { a: a { }; n { p = /bits/ 8 <&a>; }; };    | e.dts:2:33 | a phandle reference needs 32-bit cells
            unclosed cells          | /dts-v1/;\\n/ { p = <1 2; };              | e.dts:2:13 | expected '>' to close the cell list opened at e.dts:2:9
            division by zero        | /dts-v1/;\\n/ { p = <(1 / 0)>; };         | e.dts:2:13 | division by zero
            unclosed paren          | /dts-v1/;\\n/ { p = <(1 + 2>; };          | e.dts:2:17 | expected a number
            paren not closed        | /dts-v1/;\\n/ { p = <(1 + 2; };          | e.dts:2:16 | expected ')' to close the expression, found ';'
            unknown identifier      | /dts-v1/;\\n/ { p = <FOO>; };             | e.dts:2:10 | unknown name 'FOO' in a cell list
            empty char literal      | /dts-v1/;\\n/ { p = <''>; };              | e.dts:2:10 | empty character literal
            long char literal       | /dts-v1/;\\n/ { p = <'ab'>; };            | e.dts:2:10 | more than one character
            odd byte string         | /dts-v1/;\\n/ { p = [012]; };             | e.dts:2:12 | two hex digits per byte
            bad value               | /dts-v1/;\\n/ { p = 12; };                | e.dts:2:9  | expected a value for 'p'
            bad after name          | /dts-v1/;\\n/ { p < 1 >; };               | e.dts:2:7  | expected '=', ';' or '{' after 'p', found '<'
            property after child    | /dts-v1/;\\n/ { c { };\\n p; };           | e.dts:3:2  | properties must come before child nodes
            duplicate property      | /dts-v1/;\\n/ { p; p; };                  | e.dts:2:8  | duplicate property 'p' in / (first at e.dts:2:5)
            duplicate node          | /dts-v1/;\\n/ { c { }; c { }; };          | e.dts:2:12 | duplicate node 'c' in /
            bad node name           | /dts-v1/;\\n/ { a@ { }; };                | e.dts:2:5  | bad node name 'a@'
            bad property name       | /dts-v1/;\\n/ { a@b; };                   | e.dts:2:5  | bad property name 'a@b'
            duplicate label         | /dts-v1/;\\n/ { x: a { }; x: b { }; };    | e.dts:2:15 | label 'x' is already on /a
            unknown top directive   | /dts-v1/;\\n/frob/;                       | e.dts:2:1  | unknown directive '/frob/' at top level
            top level garbage       | /dts-v1/;\\nfoo { };                      | e.dts:2:1  | expected '/ {', '&label {'
            memreserve after tree   | /dts-v1/;\\n/ { };\\n/memreserve/ 0 1;    | e.dts:3:1  | /memreserve/ must come before the first node block
            bad phandle value       | /dts-v1/;\\n/ { a { phandle = <0>; }; };  | e.dts:2:9  | phandle 0x0 of /a is reserved
            duplicate phandle       | /dts-v1/;\\n/ { a { phandle = <1>; }; b { phandle = <1>; }; }; | e.dts:2:31 | phandle 0x1 of /b is already used by /a
            unsupported if          | /dts-v1/;\\n#if 1\\n/ { };                | e.dts:2:1  | #if is not supported
            unclosed ifdef          | /dts-v1/;\\n#ifdef X\\n/ { };             | e.dts:2:1  | #ifdef is not closed
            stray endif             | /dts-v1/;\\n#endif\\n/ { };               | e.dts:2:1  | #endif without #ifdef
            error directive         | /dts-v1/;\\n#error stop here\\n/ { };     | e.dts:2:1  | #error stop here
            missing include         | /dts-v1/;\\n#include "nothere.dtsi"\\n    | e.dts:2:1  | cannot find include file 'nothere.dtsi'
            bad include syntax      | /dts-v1/;\\n#include nothere\\n           | e.dts:2:1  | #include needs "file" or <file>
            macro without arguments | /dts-v1/;\\n#define F(x) x\\n/ { p = <F>; };      | e.dts:3:10 | macro 'F' (defined at e.dts:2:1) takes 1 argument: expected '(' after its name
            macro argument count    | /dts-v1/;\\n#define F(x, y) x\\n/ { p = <F(1)>; };      | e.dts:3:10 | macro 'F' (defined at e.dts:2:1) takes 2 arguments, given 1
            macro arguments open    | /dts-v1/;\\n#define F(x) x\\n/ { p = <F(1>; };     | e.dts:3:10 | unterminated argument list of macro 'F'
            macro stringify         | /dts-v1/;\\n#define F(x) #x\\n/ { p = <F(1)>; };    | e.dts:3:10 | uses the '#' or '##' operator, which is not supported
            variadic macro          | /dts-v1/;\\n#define F(...) 1\\n/ { p = <F(1)>; };   | e.dts:3:10 | variadic macros are not supported
            bad macro parameter     | /dts-v1/;\\n#define F(1x) 1\\n/ { };               | e.dts:2:1  | #define F: bad parameter '1x'
            recursive macro         | /dts-v1/;\\n#define A A\\n/ { p = <A>; };        | e.dts:3:10 | macro 'A' expands to itself
            bad macro value         | /dts-v1/;\\n#define A 1 +\\n/ { p = <A>; };      | e.dts:3:10 | in the expansion of macro 'A' defined at e.dts:2:1
            plugin                  | /dts-v1/;\\n/plugin/;\\n/ { };            | e.dts:2:1  | /plugin/ (device-tree overlays) is not supported
            empty file              | /dts-v1/;                                 | e.dts:1:10 | expected a root node
            """)
    void sourceErrorsCarryLocationAndExpectation(String name, String source, String location, String message) {
        String src = source.replace("\\n", "\n");
        DtSourceException e = assertThrows(DtSourceException.class, () -> DtsParser.parse("e.dts", src));
        assertEquals(location, e.location().toString(), e.getMessage());
        assertTrue(e.getMessage().startsWith(location + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
    }

    @Test
    void errorsInsideAnIncludedFileNameThatFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.dtsi"), "/ {\n\tok;\n\tbroken = <1;\n};\n");
        Files.writeString(dir.resolve("top.dts"), "/dts-v1/;\n#include \"bad.dtsi\"\n");
        DtSourceException e = assertThrows(DtSourceException.class,
                () -> new DtsParser().parseFile(dir.resolve("top.dts")));
        assertEquals(dir.resolve("bad.dtsi") + ":3:13", e.location().toString());
    }

    @Test
    void recursiveIncludeIsReportedNotOverflowed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("loop.dtsi"), "/include/ \"loop.dtsi\"\n");
        Files.writeString(dir.resolve("top.dts"), "/dts-v1/;\n/include/ \"loop.dtsi\"\n/ { };\n");
        DtSourceException e = assertThrows(DtSourceException.class,
                () -> new DtsParser().parseFile(dir.resolve("top.dts")));
        assertTrue(e.getMessage().contains("includes nested deeper than"), e.getMessage());
        assertTrue(e.getMessage().contains("loop.dtsi:1:1"), e.getMessage());
    }
}
