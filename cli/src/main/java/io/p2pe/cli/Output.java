package io.p2pe.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Writes results as an aligned table, JSON or CSV. */
final class Output {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    /**
     * RFC 4180: a cell is quoted only when it holds a comma, a quote or a line break; rows end in
     * a newline; stdout stays open after the table.
     */
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).build();

    private Output() {
    }

    /** A table: header and rows of already formatted cells. */
    record Table(List<String> header, List<List<String>> rows) {
    }

    static void write(PrintWriter out, ConnectionOptions.Format format, Object value, Table table) throws Exception {
        switch (format) {
            case json -> out.println(JSON.writeValueAsString(value));
            case csv -> {
                try (SequenceWriter rows = CSV.writer().writeValues(out)) {
                    rows.write(table.header());
                    for (List<String> row : table.rows()) {
                        rows.write(row);
                    }
                }
            }
            case table -> {
                int[] w = new int[table.header().size()];
                List<List<String>> all = new ArrayList<>();
                all.add(table.header());
                all.addAll(table.rows());
                for (List<String> row : all) {
                    for (int i = 0; i < w.length; i++) {
                        w[i] = Math.max(w[i], String.valueOf(row.get(i)).length());
                    }
                }
                for (List<String> row : all) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < w.length; i++) {
                        String cell = String.valueOf(row.get(i));
                        sb.append(cell).append(" ".repeat(w[i] - cell.length() + (i + 1 < w.length ? 2 : 0)));
                    }
                    out.println(sb.toString().stripTrailing());
                }
            }
        }
        out.flush();
    }

    static String s(Object v) {
        return v == null ? "" : v.toString();
    }
}
