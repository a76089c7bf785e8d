// Hairline outlines (1 px) drawn as GL line primitives, one vertex pair per segment, without instancing.
// Why: deck's LineLayer/PathLayer draw one instance per segment; under ANGLE on SwiftShader (software GL, as on
// the machines here and on office PCs without a usable GPU) instanced draws cost ~25 µs per instance per frame,
// so 85k parcel edges took ~2.5 s a frame. Plain line lists take a few ms. Wide lines still use LineLayer.
import { Layer, picking, project32, type DefaultProps, type LayerContext, type UpdateParameters } from '@deck.gl/core';
import { Model } from '@luma.gl/engine';

const vs = `\
#version 300 es
#define SHADER_NAME thin-line-layer-vertex-shader
in vec3 positions;
in vec3 positions64Low;
in vec4 colors;
out vec4 vColor;
void main(void) {
  geometry.worldPosition = positions;
  gl_Position = project_position_to_clipspace(positions, positions64Low, vec3(0.0), geometry.position);
  vColor = vec4(colors.rgb, colors.a * layer.opacity);
  DECKGL_FILTER_COLOR(vColor, geometry);
}
`;

const fs = `\
#version 300 es
#define SHADER_NAME thin-line-layer-fragment-shader
precision highp float;
in vec4 vColor;
out vec4 fragColor;
void main(void) {
  fragColor = vColor;
  DECKGL_FILTER_COLOR(fragColor, geometry);
}
`;

/** Binary data: `length` vertices, two per segment (a line list). */
export interface ThinLineData {
  length: number;
  attributes: {
    getPosition: { value: Float64Array; size: 2 };
    getColor: { value: Uint8Array; size: 4; normalized: true };
  };
}

type ThinLineLayerProps = { data: ThinLineData };

const defaultProps: DefaultProps<ThinLineLayerProps> = {};

export class ThinLineLayer extends Layer<ThinLineLayerProps> {
  static override layerName = 'ThinLineLayer';
  static override defaultProps = defaultProps;

  override getShaders() {
    return super.getShaders({ vs, fs, modules: [project32, picking] });
  }

  initializeState(): void {
    this.getAttributeManager()!.add({
      positions: { size: 3, type: 'float64', fp64: this.use64bitPositions(), accessor: 'getPosition' },
      colors: { size: 4, type: 'unorm8', accessor: 'getColor', defaultValue: [0, 0, 0, 255] },
    });
  }

  override updateState(params: UpdateParameters<this>): void {
    super.updateState(params);
    if (params.changeFlags.extensionsChanged || !this.state.model) {
      (this.state.model as Model | undefined)?.destroy();
      this.setState({ model: this.getModel(this.context) });
      this.getAttributeManager()!.invalidateAll();
    }
  }

  override draw(): void {
    const model = this.state.model as Model;
    model.setVertexCount(this.getNumInstances());
    model.draw(this.context.renderPass);
  }

  private getModel(context: LayerContext): Model {
    return new Model(context.device, {
      ...this.getShaders(),
      id: this.props.id,
      bufferLayout: this.getAttributeManager()!.getBufferLayouts(),
      topology: 'line-list',
      vertexCount: 0,
      isInstanced: false,
    });
  }
}
