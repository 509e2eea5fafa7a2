// Command go-reference renders Benchmarks/Templates/deployment.yaml.tmpl with Go's
// text/template and sprig (the engine Moonbase's GoTemplate reimplements) and reports the
// time per render, for comparison with the Swift TemplateBenchmark. It is built in GOPATH
// mode against Debian's packaged sprig (see Benchmarks/README.md).
package main

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"text/template"
	"time"

	"github.com/Masterminds/sprig"
	"gopkg.in/yaml.v2"
)

func main() {
	dir := "Benchmarks/Templates"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	text, err := os.ReadFile(dir + "/deployment.yaml.tmpl")
	check(err)
	raw, err := os.ReadFile(dir + "/values.yaml")
	check(err)
	var data map[string]interface{}
	// yaml.v2, as shuttle decodes its vars: the maps inside are map[interface{}]interface{}.
	check(yaml.Unmarshal(raw, &data))

	parseStart := time.Now()
	tmpl, err := template.New("deployment.yaml").Funcs(sprig.TxtFuncMap()).Parse(string(text))
	check(err)
	parse := time.Since(parseStart)

	var out bytes.Buffer
	check(tmpl.Execute(&out, data))
	if len(os.Args) > 2 && os.Args[2] == "--print" {
		fmt.Print(out.String())
		return
	}
	for i := 0; i < 200; i++ { // warm up
		out.Reset()
		check(tmpl.Execute(&out, data))
	}
	samples := make([]time.Duration, 0, 2000)
	for i := 0; i < 2000; i++ {
		out.Reset()
		start := time.Now()
		check(tmpl.Execute(&out, data))
		samples = append(samples, time.Since(start))
	}
	sort.Slice(samples, func(a, b int) bool { return samples[a] < samples[b] })
	fmt.Printf("go text/template+sprig: parse %.1f µs, render p50 %.1f µs, p90 %.1f µs (%d bytes)\n",
		micros(parse), micros(samples[len(samples)/2]), micros(samples[len(samples)*9/10]), out.Len())
}

func micros(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1000 }

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
