"""English prose of the notes (see :mod:`symconv.notes.i18n`)."""

EN = {
    # titles and headings
    "title_conv": "{dims}D convolution: forward and backward pass",
    "title_lenet": "LeNet-5: shapes, parameters, forward and backward pass",
    "title_avgpool2d": "Average pooling: forward and backward pass",
    "title_maxpool2d": "Max pooling: forward and backward pass",
    "title_dense": "Dense layer: forward and backward pass",
    "title_tanh": "The tanh activation: forward and backward pass",
    "title_sigmoid": "The sigmoid activation: forward and backward pass",
    "title_relu": "The ReLU activation: forward and backward pass",
    "title_softmax_cross_entropy": "Softmax cross-entropy loss and its gradient",
    "setup": "Set-up",
    "forward": "Forward pass",
    "backward": "Backward pass",
    "local": "The local derivative",
    "grad_w": "Gradient with respect to the kernel",
    "grad_x": "Gradient with respect to the input",
    "grad_b": "Gradient with respect to the bias",
    "jacobians": "Jacobian matrices",
    "closed": "Closed forms and dimensions",
    "verified": "Verified",
    "figure": "Figure",
    "layer": "Layer",
    "mode_correlation": "cross-correlation, as PyTorch computes it",
    "mode_convolution": "true convolution, with the kernel flipped",
    # set-up
    "setup_intro": "The layer takes an input {X}, slides a kernel {W} over it and produces "
    "the feature map {Z}; the operation is a {t_mode}. In the backward pass "
    "we receive {G}, the gradient of the loss with respect to that map. "
    "The shapes are:",
    "setup_options": "Stride {s}, padding {p}, dilation {d}, groups {g}.",
    "setup_pad": "Padding adds zeros around the border: {Xpad} is {X} with the zeros in "
    "place, {Xpad} in {shape}.",
    "size_intro": "The output size follows from how many times the kernel fits in the "
    "padded input, stepping by the stride:",
    "params_intro": "Each filter has one weight per kernel entry and input channel, plus "
    "its bias, so the layer has {n_params} trainable parameters:",
    "params_intro_nobias": "Each filter has one weight per kernel entry and input channel and "
    "no bias, so the layer has {n_params} trainable parameters:",
    # forward
    "forward_intro": "Each output entry is the sum of the products of the kernel with the "
    "patch of the input under it ({t_mode}). Writing {corr} for "
    "cross-correlation:",
    "fig_receptive": "Receptive field of each output entry: the highlighted entries of {X} "
    "are the ones multiplied by {W}.",
    "fig_sliding": "Sliding window: the cells used by {z1} and by {z2} (both colours where "
    "they overlap). The stride {s} moves the window, the dilation {d} spreads "
    "its taps apart.",
    "example_intro": "With the numbers of the example:",
    "forward_each": "Written out, entry by entry:",
    "too_large_forward": "This configuration has {n_out} output entries of {n_terms} "
    "products each: written out one by one they would fill pages, so "
    "these notes give the general form, which holds for every entry.",
    "forward_general": "In general, for any output position:",
    "where_kernel": "where {k1} and {k2} are the numbers of rows and of columns of the kernel",
    "where_kernel_square": "where {k} is the number of rows and of columns of the kernel",
    "where_kernel_1d": "where {k} is the length of the kernel",
    "where_runs_row": ", and {i} runs over the rows of the output, from {lo} to {hi}",
    "where_runs_col": ", and {i} runs over the columns of the output, from {lo} to {hi}",
    "where_runs_1d": ", and {i} runs over the output, from {lo} to {hi}",
    "where_end": ".",
    # backward
    "backward_intro": "In the backward pass we know {G} and want the gradients with respect "
    "to the kernel, the input and the bias. Everything follows from the "
    "chain rule and from one local derivative.",
    "local_intro": "Take one weight and ask how an output entry changes with it. For example:",
    "local_general": "In every case only one term of the sum survives the derivative, the "
    "one whose kernel index matches the weight:",
    "grad_w_intro": "A weight of {W} is used at every position of the window, so its "
    "gradient collects one contribution from every output entry:",
    "grad_w_bounds": "Note that the sums run over the output, up to {Ho}, not over the "
    "kernel size {k1}: a common slip in hand-written notes.",
    "grad_w_written": "Written out with the chain rule, starting with {w0}:",
    "grad_x_intro": "An entry of {X} is touched only by the windows that contain it. Each of "
    "them contributes the weight that multiplied it, times the matching "
    "entry of {G}:",
    "grad_x_stride": "Here an index of the gradient that is not a whole number, or falls "
    "outside the output, stands for a zero: the stride skips those "
    "positions.",
    "grad_x_zero": "Entries of {G} outside the output count as zero, which is what happens "
    "at the border.",
    "grad_x_written": "Entry by entry, with the chain rule written out:",
    "grad_b_intro": "The bias {b} is added to every output entry of its filter, so its "
    "gradient is simply the sum:",
    "jacobian_intro": "The same computations in matrix form: the Jacobian collects every "
    "local derivative, and each gradient is its transpose times the "
    "incoming gradient.",
    "closed_w": "The double sum over products is a cross-correlation ({corr}) of the input "
    "{X} with the incoming gradient {G}:",
    "closed_x": "The input gradient is a full convolution: pad {G} with zeros and correlate "
    "it with the kernel {W} rotated by 180 degrees:",
    "dims_intro": "Each gradient has the shape of the tensor it belongs to:",
    "verified_intro": "symconv derived every entry above by the chain rule and proved each "
    "closed form equal to it, exactly, for this configuration:",
    "verified_general": "general form",
    "entries": "entries",
    "terms": "terms",
    "status_proved": "proved",
    "status_failed": "FAILED",
    # LeNet
    "lenet_intro": "LeNet-5 on a {shape} grey-scale image. The table gives every layer's "
    "output, its number of activations and its trainable parameters.",
    "title_network": "The network {name}: shapes, parameters, forward and backward pass",
    "network_intro": "The network {t_name} on a {shape} input. The table gives every "
    "layer's output, its number of activations and its trainable parameters.",
    "lenet_table": "Activations and parameters per layer",
    "lenet_total": "In total the network has {n_params} trainable parameters.",
    "lenet_conv": "Convolution {name}",
    "lenet_pool": "Pooling {name}",
    "lenet_dense": "Dense layer {name}",
    "lenet_loss": "Loss",
    "lenet_activation": "The activation is applied entry by entry, and its backward pass "
    "multiplies by its derivative:",
    "lenet_pool_intro": "Average pooling is a depthwise convolution with the constant "
    "kernel {k}; its gradient spreads each entry of {G} evenly over its "
    "window:",
    "lenet_maxpool_intro": "Max pooling sends each entry of {G} to the position of the "
    "maximum in its window:",
    "lenet_dense_intro": "A dense layer is a matrix product; its gradients are the "
    "transposed products:",
    "lenet_loss_intro": "The softmax cross-entropy loss has the famous simple gradient:",
    "header_layer": "Layer",
    "header_output": "Output",
    "header_act": "#Act.",
    "header_params": "#Params",
    "header_formula": "Computation",
    "total": "Total",
}
