// Command sprig-oracle renders templates with Go's text/template and sprig v3, so that the Swift
// engine's sprig functions can be compared with the real ones (see README.md).
//
// Input (stdin): one template per line. Output (stdout): one JSON object per line,
// {"template": ..., "out": ...} or {"template": ..., "err": ...}. The data is fixed:
// {"n": 3, "s": "x", "m": {"k": "v"}, "nothing": nil}; besides sprig, shuttle's `fromYaml`
// (yaml.v2 into a map[string]interface{}) and `is` (==) are installed.
package main

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	yaml "gopkg.in/yaml.v2"
)

func main() {
	data := map[string]interface{}{"n": 3, "s": "x", "m": map[string]interface{}{"k": "v"}, "nothing": nil}
	funcs := sprig.TxtFuncMap()
	funcs["fromYaml"] = func(s string) (map[string]interface{}, error) {
		m := map[string]interface{}{}
		err := yaml.Unmarshal([]byte(s), &m)
		return m, err
	}
	funcs["is"] = func(a, b interface{}) bool { return a == b }
	out := json.NewEncoder(os.Stdout)
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	for scanner.Scan() {
		text := scanner.Text()
		result := map[string]string{"template": text}
		t, err := template.New("t").Funcs(funcs).Parse(text)
		if err == nil {
			var b strings.Builder
			if err = t.Execute(&b, data); err == nil {
				result["out"] = b.String()
			}
		}
		if err != nil {
			result["err"] = err.Error()
		}
		_ = out.Encode(result)
	}
}
